// Reading numbers back out of the SVG the charts write, for the tests.

/** The attributes of every `<tag ...>` element in `svg`, numbers where they are numbers. */
export function elements(svg: string, tag: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<${tag} ([^>]*?)/?>`, "g"))].map((m) => Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
}

/** The points of a polyline as [x, y] pairs. */
export function polylinePoints(attrs: Record<string, string>): number[][] {
  return attrs.points.split(" ").map((p) => p.split(",").map(Number));
}

/** The text of every `<text>` element, unescaped only as far as the tests need. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}
