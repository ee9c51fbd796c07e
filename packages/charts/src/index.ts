export { escapeXml } from "./escape-xml.js";
export { formatNumber, linearTicks, logTicks, tickLabels } from "./ticks.js";
export { lineChart, type LineChartOptions, type Series } from "./line-chart.js";
export { barChart, type BarChartOptions, type BarSeries } from "./bar-chart.js";
export { heatMap, type HeatMapOptions } from "./heat-map.js";
export { viridis } from "./color-scale.js";
