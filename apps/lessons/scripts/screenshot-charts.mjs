// Screenshots the charts of lesson pages (written with --html) into PNGs for the README, in Debian's
// chromium: node scripts/screenshot-charts.mjs lesson.html lesson.png [more.html more.png ...]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const pairs = process.argv.slice(2);
if (pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error("usage: node scripts/screenshot-charts.mjs PAGE.html OUT.png [PAGE.html OUT.png ...]");
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1320, height: 900 }, deviceScaleFactor: 1 });
  for (let i = 0; i < pairs.length; i += 2) {
    await page.goto(pathToFileURL(resolve(pairs[i])).href);
    // Just the charts: the box around every SVG on the page.
    const clip = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll(".charts svg")].map((svg) => svg.getBoundingClientRect());
      const [x, y] = [Math.min(...boxes.map((b) => b.left)), Math.min(...boxes.map((b) => b.top))];
      return { x, y, width: Math.max(...boxes.map((b) => b.right)) - x, height: Math.max(...boxes.map((b) => b.bottom)) - y };
    });
    await page.screenshot({ path: pairs[i + 1], clip, fullPage: true });
    console.log(`${pairs[i + 1]}`);
  }
} finally {
  await browser.close();
}
