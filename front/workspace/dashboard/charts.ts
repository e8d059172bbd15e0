import { BarChart, HeatmapChart, LineChart, type BarSeriesOption, type HeatmapSeriesOption, type LineSeriesOption } from "echarts/charts";
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from "echarts/components";
import { use, type ComposeOption } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { BACKLOG_GRID, GROUP_GRID, HEAT_GRID, TREND_GRID } from "./chart-layout";

/**
 * ECharts, only the parts these charts use (the bundle stays small), on the canvas renderer: it
 * writes no markup, so nothing in it trips the CSP's ban on style attributes; tooltips are drawn
 * on the canvas too (richText) instead of as HTML with inline styles.
 */
use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | HeatmapSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | VisualMapComponentOption | AriaComponentOption
>;

/** The product's colours (front/shared/tokens.css), for a canvas that cannot read CSS variables. */
export const COLOURS = { filed: "#1e5aa8", resolved: "#2e7d32", overdue: "#c4302b", rate: "#b26a00", open: "#7ea6d8", muted: "#646a73", grid: "#dee0e3" };

const FONT = { fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif', fontSize: 12, color: COLOURS.muted };

const base = (label: string): ChartOption => ({
  aria: { enabled: true, label: { description: label } },
  animationDuration: 300,
  textStyle: FONT,
  tooltip: { renderMode: "richText", confine: true },
  legend: { top: 4, left: "center", itemWidth: 12, itemHeight: 12, textStyle: FONT },
});

const truncated = (width: number) => ({ width, overflow: "truncate" as const, ...FONT });

export interface GroupBar {
  name: string;
  filed: number;
  resolved: number;
  overdue: number;
}

/** One row per department (community, category, month): filed, resolved and overdue side by side. */
export function groupBars(rows: GroupBar[], texts: { label: string; filed: string; resolved: string; overdue: string }): ChartOption {
  const names = rows.map((r) => r.name);
  const series = (name: string, colour: string, values: number[]): BarSeriesOption => ({
    type: "bar",
    name,
    data: values,
    itemStyle: { color: colour, borderRadius: [0, 3, 3, 0] },
    barMaxWidth: 10,
    barGap: "20%",
    label: { show: true, position: "right", fontSize: 11, color: COLOURS.muted, formatter: (p) => (Number(p.value) > 0 ? String(p.value) : "") },
  });
  return {
    ...base(texts.label),
    tooltip: { renderMode: "richText", confine: true, trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { ...GROUP_GRID },
    xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: COLOURS.grid } }, axisLabel: FONT },
    yAxis: { type: "category", data: names, inverse: true, axisTick: { show: false }, axisLabel: truncated(GROUP_GRID.left - 12), triggerEvent: true },
    series: [
      series(texts.filed, COLOURS.filed, rows.map((r) => r.filed)),
      series(texts.resolved, COLOURS.resolved, rows.map((r) => r.resolved)),
      series(texts.overdue, COLOURS.overdue, rows.map((r) => r.overdue)),
    ],
  };
}

export interface TrendPoint {
  month: string;
  filed: number;
  resolved: number;
  responseRate: number | null;
}

/** Months across: filed and resolved as bars, the response rate as a line on its own 0–100 % axis. */
export function trendChart(points: TrendPoint[], texts: { label: string; filed: string; resolved: string; rate: string }): ChartOption {
  return {
    ...base(texts.label),
    tooltip: { renderMode: "richText", confine: true, trigger: "axis" },
    grid: { ...TREND_GRID },
    xAxis: { type: "category", data: points.map((p) => p.month), axisTick: { alignWithLabel: true }, axisLabel: FONT },
    yAxis: [
      { type: "value", minInterval: 1, splitLine: { lineStyle: { color: COLOURS.grid } }, axisLabel: FONT },
      { type: "value", min: 0, max: 100, axisLabel: { ...FONT, formatter: "{value}%" }, splitLine: { show: false } },
    ],
    series: [
      { type: "bar", name: texts.filed, data: points.map((p) => p.filed), itemStyle: { color: COLOURS.filed, borderRadius: [3, 3, 0, 0] }, barMaxWidth: 22 },
      { type: "bar", name: texts.resolved, data: points.map((p) => p.resolved), itemStyle: { color: COLOURS.resolved, borderRadius: [3, 3, 0, 0] }, barMaxWidth: 22 },
      {
        type: "line",
        name: texts.rate,
        yAxisIndex: 1,
        data: points.map((p) => (p.responseRate === null ? null : Math.round(p.responseRate * 1000) / 10)),
        itemStyle: { color: COLOURS.rate },
        lineStyle: { width: 2 },
        symbolSize: 8,
        connectNulls: true,
        tooltip: { valueFormatter: (v) => (v === null || v === undefined ? "—" : `${String(v)}%`) },
      },
    ],
  };
}

/** Categories down, communities across; the darker, the more cases; every count printed in its cell. */
export function heatChart(categories: string[], communities: string[], cells: [number, number, number][], label: string): ChartOption {
  const max = Math.max(1, ...cells.map((c) => c[2]));
  return {
    ...base(label),
    legend: { show: false },
    tooltip: { renderMode: "richText", confine: true, formatter: (p) => {
      const one = Array.isArray(p) ? p[0] : p;
      const [x, y, n] = (one?.value ?? [0, 0, 0]) as [number, number, number];
      return `${categories[y] ?? ""} × ${communities[x] ?? ""}: ${n}`;
    } },
    grid: { ...HEAT_GRID },
    xAxis: { type: "category", data: communities, splitArea: { show: false }, axisTick: { show: false }, axisLabel: { ...truncated(64), rotate: 40, interval: 0 } },
    yAxis: { type: "category", data: categories, inverse: true, axisTick: { show: false }, axisLabel: truncated(HEAT_GRID.left - 10) },
    visualMap: { show: false, min: 0, max, inRange: { color: ["#eaf1fb", "#9dbce6", "#1e5aa8"] } },
    series: [
      {
        type: "heatmap",
        data: cells,
        label: { show: true, fontSize: 12, color: "#1f2329", formatter: (p) => String((p.value as number[])[2]) },
        itemStyle: { borderColor: "#ffffff", borderWidth: 2, borderRadius: 3 },
        emphasis: { itemStyle: { borderColor: COLOURS.rate, borderWidth: 2 } },
      },
    ],
  };
}

/** How long open cases have waited, one bar per band, the overdue part drawn over it in red. */
export function backlogChart(bands: string[], open: number[], overdue: number[], texts: { label: string; open: string; overdue: string }): ChartOption {
  return {
    ...base(texts.label),
    tooltip: { renderMode: "richText", confine: true, trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { ...BACKLOG_GRID },
    xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: COLOURS.grid } }, axisLabel: FONT },
    yAxis: { type: "category", data: bands, inverse: true, axisTick: { show: false }, axisLabel: truncated(BACKLOG_GRID.left - 10) },
    series: [
      { type: "bar", name: texts.open, data: open, itemStyle: { color: COLOURS.open, borderRadius: 3 }, barWidth: 16, label: { show: true, position: "right", fontSize: 11, color: COLOURS.muted } },
      { type: "bar", name: texts.overdue, data: overdue, itemStyle: { color: COLOURS.overdue, borderRadius: 3 }, barWidth: 16, barGap: "-100%", z: 3 },
    ],
  };
}
