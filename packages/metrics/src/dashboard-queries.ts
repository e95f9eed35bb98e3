// Reads the PromQL of every panel of a Grafana dashboard JSON, so tools and tests can evaluate each one.

/** One query of one panel. */
export interface PanelQuery {
  /** Title of the row the panel is in ('' before the first row). */
  readonly row: string;
  readonly panel: string;
  readonly refId: string;
  /** The expression with Grafana's interval variables replaced by `rateInterval`. */
  readonly expr: string;
}

interface RawPanel {
  type?: string;
  title?: string;
  panels?: RawPanel[];
  targets?: { refId?: string; expr?: string }[];
}

/**
 * Every panel query of `dashboard` (rows' nested panels included), in layout order, with `$__rate_interval`,
 * `$__interval` and `$__range` replaced by `rateInterval` so the expressions run outside Grafana.
 * @example dashboardQueries(JSON.parse(readFileSync('infra/grafana/dashboards/mlops-overview.json', 'utf8')), '1m')
 */
export function dashboardQueries(dashboard: object, rateInterval = '5m'): PanelQuery[] {
  const queries: PanelQuery[] = [];
  let row = '';
  const visit = (panel: RawPanel) => {
    if (panel.type === 'row') {
      row = panel.title ?? '';
      for (const nested of panel.panels ?? []) visit(nested);
      return;
    }
    for (const target of panel.targets ?? []) {
      if (!target.expr) continue;
      const expr = target.expr.replace(/\$__rate_interval|\$\{__rate_interval\}|\$__interval|\$\{__interval\}|\$__range|\$\{__range\}/g, rateInterval);
      queries.push({ row, panel: panel.title ?? '(untitled)', refId: target.refId ?? '?', expr });
    }
  };
  for (const panel of (dashboard as { panels?: RawPanel[] }).panels ?? []) visit(panel);
  return queries;
}
