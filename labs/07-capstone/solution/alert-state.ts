// Lab 07 reference: the state of one alert for one model version, from Prometheus' GET /api/v1/alerts.

/** One entry of `data.alerts` in Prometheus' `GET /api/v1/alerts` answer (pending and firing alerts only). */
export interface PrometheusAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing' | string;
  readonly activeAt?: string;
  readonly value?: string;
}

/** What the scenario waits for: an alert name and the labels that pick the series (e.g. model and version). */
export interface AlertMatch {
  readonly alertname: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** `inactive`: Prometheus lists no alert of that name with those labels (never active, or resolved). */
export type AlertState = 'inactive' | 'pending' | 'firing';

/**
 * The state of the alert `match` names: `firing` when any matching alert fires, else `pending` when one is
 * pending (its condition holds but not yet for the rule's `for:`), else `inactive`. An alert matches when its
 * `alertname` label equals `match.alertname` and it has every label of `match.labels` with that value; other
 * labels (instance, severity) do not matter.
 * @example alertState(body.data.alerts, { alertname: 'ModelDataDrift', labels: { model: 'wine-quality', version: '2' } })
 */
export function alertState(alerts: readonly PrometheusAlert[], match: AlertMatch): AlertState {
  // #region solution step 1: keep the alerts with this alertname and every wanted label; firing wins over pending; none is inactive
  const wanted = Object.entries(match.labels ?? {});
  const matching = alerts.filter((a) => a.labels.alertname === match.alertname && wanted.every(([k, v]) => a.labels[k] === v));
  if (matching.some((a) => a.state === 'firing')) return 'firing';
  if (matching.some((a) => a.state === 'pending')) return 'pending';
  return 'inactive';
  // #endregion solution
}
