// Choosing the method and its parameters. Shares show as percentages and money as
// 万元; every change re-tiers after a short pause, so the table and charts follow.
import type { Band } from "../../api/bindings/Band";
import { METHODS, SEGMENTS } from "../../api/bindings/choices";
import type { Method } from "../../api/bindings/Method";
import type { RfmCuts } from "../../api/bindings/RfmCuts";
import type { Segment } from "../../api/bindings/Segment";
import type { SegmentScheme } from "../../api/bindings/SegmentScheme";
import type { TierPolicy } from "../../api/bindings/TierPolicy";
import { h, keepingFocus, replace } from "../../dom";
import { t, type Key } from "../../i18n";

// The methods and segments offered are the engine's own lists (generated).
export { METHODS, SEGMENTS };
const DEBOUNCE_MS = 250;

export interface PolicyActions {
  apply: (p: TierPolicy) => void;
  preset: (m: Method) => Promise<TierPolicy>;
  load: () => void;
  save: () => void;
}

type Scale = 1 | 100 | 0.0001;

/** A number input bound to a field; `scale` converts stored → shown (100: share as %, 0.0001: 元 as 万元). */
function numberInput(id: string, value: number, scale: Scale, set: (v: number) => void, step = "any"): HTMLInputElement {
  const shown = Math.round(value * scale * 1e6) / 1e6;
  return h("input", {
    type: "number",
    id,
    step,
    value: shown,
    onchange: (e: Event) => {
      const v = Number((e.target as HTMLInputElement).value);
      if (Number.isFinite(v)) set(v / scale);
    },
  });
}

export class PolicyPanel {
  readonly el: HTMLElement;
  private body: HTMLElement;
  private policy: TierPolicy | null = null;
  private cuts: RfmCuts | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lensOpen = false;
  /** Why the panel is shown but not editable (a read-only team user), or null. */
  private locked: string | null = null;

  constructor(private a: PolicyActions) {
    this.body = h("div", { class: "policy-body" });
    this.el = h("aside", { class: "policy-panel", id: "policy-panel" }, h("h2", {}, t("policy.heading")), this.body);
  }

  /** Shows a policy; `cuts` are the RFM cut points in force (shown for editing). */
  show(p: TierPolicy, cuts: RfmCuts | null = null): void {
    this.policy = JSON.parse(JSON.stringify(p)) as TierPolicy;
    this.cuts = cuts;
    this.render();
  }

  /** Shows the method as it is, not to be changed, saying why (a read-only
   * user of a team workspace: the server would refuse the change anyway). */
  lock(why: string): void {
    this.locked = why;
    this.render();
  }

  /** New RFM cut points after a re-tier (shown when the RFM method is chosen). */
  setCuts(cuts: RfmCuts): void {
    this.cuts = cuts;
    if (this.policy?.method === "rfm") this.render();
  }

  private changed(now = false): void {
    if (!this.policy) return;
    if (this.timer) clearTimeout(this.timer);
    const p = JSON.parse(JSON.stringify(this.policy)) as TierPolicy;
    if (now) this.a.apply(p);
    else this.timer = setTimeout(() => this.a.apply(p), DEBOUNCE_MS);
  }

  private async switchMethod(m: Method): Promise<void> {
    if (!this.policy) return;
    const fresh = await this.a.preset(m);
    fresh.metric = this.policy.metric;
    this.policy = fresh;
    this.render();
    this.changed(true);
  }

  /** The lifetime-value horizon and rate and the lenses' thresholds, folded away by default. */
  private lensFields(p: TierPolicy, field: (label: string, input: HTMLElement) => HTMLElement): HTMLElement {
    const l = p.lenses;
    const apply = (f: () => void) => {
      f();
      this.changed();
    };
    const days = (id: string, label: Key, get: () => number, put: (v: number) => void) =>
      field(t(label), numberInput(id, get(), 1, (v) => apply(() => put(Math.max(1, Math.round(v)))), "1"));
    const pct = (id: string, label: Key, get: () => number, put: (v: number) => void) =>
      field(t(label), numberInput(id, get(), 100, (v) => apply(() => put(Math.min(1, Math.max(0, v)))), "1"));
    return h(
      "details",
      { class: "band lens-options", id: "lens-options", open: this.lensOpen, ontoggle: (e: Event) => (this.lensOpen = (e.target as HTMLDetailsElement).open) },
      h("summary", {}, t("policy.lenses")),
      field(
        t("policy.clvHorizon"),
        numberInput("clv-horizon", p.clv_horizon_years ?? 3, 1, (v) => apply(() => (p.clv_horizon_years = Math.min(30, Math.max(0.5, v)))), "0.5"),
      ),
      pct("clv-rate", "policy.clvRate", () => p.clv_discount_rate ?? 0.1, (v) => (p.clv_discount_rate = v)),
      field(
        t("policy.clvMargin"),
        h("input", {
          type: "number",
          id: "clv-margin",
          step: "1",
          min: "0",
          max: "100",
          placeholder: t("policy.clvMarginNone"),
          value: p.clv_margin == null ? "" : String(Math.round(p.clv_margin * 1000) / 10),
          onchange: (e: Event) => {
            const raw = (e.target as HTMLInputElement).value.trim();
            const v = Number(raw);
            apply(() => (p.clv_margin = raw === "" || !Number.isFinite(v) || v <= 0 ? null : Math.min(1, v / 100)));
          },
        }),
      ),
      field(
        t("policy.backtestSplit"),
        h("input", {
          type: "date",
          id: "backtest-split",
          value: p.clv_backtest_split ?? "",
          onchange: (e: Event) => {
            const v = (e.target as HTMLInputElement).value;
            apply(() => (p.clv_backtest_split = v === "" ? null : v));
          },
        }),
      ),
      pct("at-risk-alive", "policy.atRiskAlive", () => l.at_risk_alive, (v) => (l.at_risk_alive = v)),
      pct("growth-weight", "policy.growthWeight", () => l.growth_weight, (v) => (l.growth_weight = v)),
      days("dormant-days", "policy.dormantDays", () => l.dormant_days, (v) => (l.dormant_days = v)),
      days("exploration-days", "policy.explorationDays", () => l.exploration_days, (v) => (l.exploration_days = v)),
      pct("decline-drop", "policy.declineDrop", () => l.decline_drop, (v) => (l.decline_drop = v)),
      field(
        t("policy.regularityCv"),
        numberInput("regularity-cv", l.regularity_cv, 1, (v) => apply(() => (l.regularity_cv = Math.min(10, Math.max(0.05, v)))), "0.1"),
      ),
      pct("arrears-share", "policy.arrearsShare", () => l.arrears_share, (v) => (l.arrears_share = v)),
      days("overdue-days", "policy.overdueDays", () => l.overdue_days, (v) => (l.overdue_days = v)),
      pct("low-margin", "policy.lowMargin", () => l.low_margin, (v) => (l.low_margin = v)),
    );
  }

  private render(): void {
    const p = this.policy;
    if (!p) return;
    const field = (label: string, input: HTMLElement) => h("label", { class: "field" }, h("span", {}, label), input);
    const method = h(
      "select",
      { id: "method", onchange: (e: Event) => void this.switchMethod((e.target as HTMLSelectElement).value as Method) },
      METHODS.map((m) => h("option", { value: m, selected: p.method === m }, t(`method.${m}` as Key))),
    );
    const metric = h(
      "select",
      {
        id: "metric",
        onchange: (e: Event) => {
          p.metric = (e.target as HTMLSelectElement).value as TierPolicy["metric"];
          this.changed(true);
        },
      },
      h("option", { value: "sales", selected: p.metric === "sales" }, t("policy.metric.sales")),
      h("option", { value: "profit", selected: p.metric === "profit" }, t("policy.metric.profit")),
    );
    const set = (f: () => void) => () => {
      f();
      this.changed();
    };
    const pct = (id: string, label: Key, get: () => number, put: (v: number) => void) =>
      field(t(label), numberInput(id, get(), 100, (v) => set(() => put(v))(), "0.1"));
    let params: HTMLElement[] = [];
    switch (p.method) {
      case "abc-rank":
        params = [
          pct("a-share", "policy.aShare", () => p.abc_rank.a_share, (v) => (p.abc_rank.a_share = v)),
          pct("ab-share", "policy.abShare", () => p.abc_rank.ab_share, (v) => (p.abc_rank.ab_share = v)),
        ];
        break;
      case "abc-value":
        params = [
          pct("a-cut", "policy.aCut", () => p.abc_value.a_cut, (v) => (p.abc_value.a_cut = v)),
          pct("b-cut", "policy.bCut", () => p.abc_value.b_cut, (v) => (p.abc_value.b_cut = v)),
        ];
        break;
      case "share":
        params = [
          pct("a-min", "policy.aMin", () => p.share.a_min, (v) => (p.share.a_min = v)),
          pct("b-min", "policy.bMin", () => p.share.b_min, (v) => (p.share.b_min = v)),
        ];
        break;
      case "thresholds": {
        const dims: [keyof Pick<TierPolicy["thresholds"], "sales" | "frequency" | "profit" | "clv">, Key, Scale][] = [
          ["sales", "policy.dim.sales", 0.0001],
          ["frequency", "policy.dim.frequency", 1],
          ["profit", "policy.dim.profit", 0.0001],
          ["clv", "policy.dim.clv", 0.0001],
        ];
        params = dims.map(([k, label, scale]) => {
          const b: Band = p.thresholds[k];
          return h(
            "fieldset",
            { class: "band" },
            h(
              "legend",
              {},
              h("label", {}, h("input", { type: "checkbox", id: `band-${k}-on`, checked: b.enabled, onchange: (e: Event) => set(() => (b.enabled = (e.target as HTMLInputElement).checked))() }), ` ${t(label)}`),
            ),
            field(t("policy.bandA"), numberInput(`band-${k}-a`, b.a, scale, (v) => set(() => (b.a = v))())),
            field(t("policy.bandB"), numberInput(`band-${k}-b`, b.b, scale, (v) => set(() => (b.b = v))())),
            p.thresholds.combine === "points" ? field(t("policy.weight"), numberInput(`band-${k}-w`, b.weight, 1, (v) => set(() => (b.weight = v))())) : null,
          );
        });
        params.push(
          field(
            t("policy.combine"),
            h(
              "select",
              { id: "combine", onchange: (e: Event) => { p.thresholds.combine = (e.target as HTMLSelectElement).value as "all" | "points"; this.render(); this.changed(true); } },
              h("option", { value: "all", selected: p.thresholds.combine === "all" }, t("policy.combine.all")),
              h("option", { value: "points", selected: p.thresholds.combine === "points" }, t("policy.combine.points")),
            ),
          ),
        );
        break;
      }
      case "score": {
        const s = p.score;
        const rows: [string, Key, () => number, (v: number) => void, () => number, (v: number) => void, Scale][] = [
          ["sales", "policy.dim.sales", () => s.w_sales, (v) => (s.w_sales = v), () => s.std_sales, (v) => (s.std_sales = v), 0.0001],
          ["frequency", "policy.dim.frequency", () => s.w_frequency, (v) => (s.w_frequency = v), () => s.std_frequency, (v) => (s.std_frequency = v), 1],
          ["profit", "policy.dim.profit", () => s.w_profit, (v) => (s.w_profit = v), () => s.std_profit, (v) => (s.std_profit = v), 0.0001],
          ["clv", "policy.dim.clv", () => s.w_clv, (v) => (s.w_clv = v), () => s.std_clv, (v) => (s.std_clv = v), 0.0001],
        ];
        params = rows.map(([k, label, gw, sw, gs, ss, scale]) =>
          h(
            "fieldset",
            { class: "band" },
            h("legend", {}, t(label)),
            field(t("policy.w"), numberInput(`w-${k}`, gw(), 1, (v) => set(() => sw(v))())),
            field(t("policy.std"), numberInput(`std-${k}`, gs(), scale, (v) => set(() => ss(v))())),
          ),
        );
        params.push(
          field(
            t("policy.scoreCut"),
            h(
              "select",
              { id: "score-cut", onchange: (e: Event) => { s.cut = (e.target as HTMLSelectElement).value as "score" | "rank"; this.render(); this.changed(true); } },
              h("option", { value: "score", selected: s.cut === "score" }, t("policy.scoreCut.score")),
              h("option", { value: "rank", selected: s.cut === "rank" }, t("policy.scoreCut.rank")),
            ),
          ),
        );
        if (s.cut === "score") {
          params.push(field(t("policy.aScore"), numberInput("a-score", s.a_score, 1, (v) => set(() => (s.a_score = v))())));
          params.push(field(t("policy.bScore"), numberInput("b-score", s.b_score, 1, (v) => set(() => (s.b_score = v))())));
        } else {
          params.push(pct("score-a-share", "policy.aShare", () => s.rank.a_share, (v) => (s.rank.a_share = v)));
          params.push(pct("score-ab-share", "policy.abShare", () => s.rank.ab_share, (v) => (s.rank.ab_share = v)));
        }
        break;
      }
      case "rfm": {
        const r = p.rfm;
        params.push(
          field(
            t("policy.rfmScale"),
            h(
              "select",
              { id: "rfm-scale", onchange: (e: Event) => { r.scale = (e.target as HTMLSelectElement).value as "quintiles" | "quartiles"; r.cuts = null; this.changed(true); } },
              h("option", { value: "quintiles", selected: r.scale === "quintiles" }, t("policy.rfmScale.quintiles")),
              h("option", { value: "quartiles", selected: r.scale === "quartiles" }, t("policy.rfmScale.quartiles")),
            ),
          ),
          field(
            t("policy.rfmScheme"),
            h(
              "select",
              {
                id: "rfm-scheme",
                onchange: (e: Event) => {
                  r.scheme = (e.target as HTMLSelectElement).value as SegmentScheme;
                  r.a_segments = [...SEGMENTS[r.scheme].a];
                  r.b_segments = [...SEGMENTS[r.scheme].b];
                  this.render();
                  this.changed(true);
                },
              },
              h("option", { value: "eight", selected: r.scheme === "eight" }, t("policy.rfmScheme.eight")),
              h("option", { value: "eleven", selected: r.scheme === "eleven" }, t("policy.rfmScheme.eleven")),
            ),
          ),
        );
        const tierOf = (seg: Segment) => (r.a_segments.includes(seg) ? "A" : r.b_segments.includes(seg) ? "B" : "C");
        params.push(
          h(
            "fieldset",
            { class: "band", id: "rfm-segments" },
            h("legend", {}, t("policy.rfmSegments")),
            SEGMENTS[r.scheme].segments.map((seg) =>
              field(
                t(`seg.${seg}` as Key),
                h(
                  "select",
                  {
                    "data-segment": seg,
                    onchange: (e: Event) => {
                      const to = (e.target as HTMLSelectElement).value;
                      r.a_segments = r.a_segments.filter((x) => x !== seg);
                      r.b_segments = r.b_segments.filter((x) => x !== seg);
                      if (to === "A") r.a_segments.push(seg);
                      if (to === "B") r.b_segments.push(seg);
                      this.changed(true);
                    },
                  },
                  ["A", "B", "C"].map((x) => h("option", { value: x, selected: tierOf(seg) === x }, t(`tier.${x}` as Key))),
                ),
              ),
            ),
          ),
        );
        const cuts = r.cuts ?? this.cuts;
        if (cuts) {
          const dims: [keyof RfmCuts, Key][] = [["recency", "policy.rfmCut.recency"], ["frequency", "policy.rfmCut.frequency"], ["monetary", "policy.rfmCut.monetary"]];
          params.push(
            h(
              "fieldset",
              { class: "band", id: "rfm-cuts" },
              h("legend", {}, t("policy.rfmCuts")),
              dims.map(([d, label]) =>
                field(
                  t(label),
                  h(
                    "span",
                    { class: "cuts" },
                    cuts[d].map((v, i) =>
                      numberInput(`rfm-cut-${d}-${i}`, v, 1, (nv) => {
                        const next: RfmCuts = JSON.parse(JSON.stringify(cuts)) as RfmCuts;
                        next[d][i] = nv;
                        next[d].sort((x, y) => x - y);
                        r.cuts = next;
                        this.changed(true);
                      }),
                    ),
                  ),
                ),
              ),
              r.cuts ? h("button", { class: "link", id: "rfm-cuts-reset", onclick: () => { r.cuts = null; this.changed(true); } }, t("policy.rfmCutsReset")) : h("p", { class: "muted small" }, t("policy.rfmCutsAuto")),
            ),
          );
        }
        break;
      }
    }
    const names = h(
      "fieldset",
      { class: "names" },
      h("legend", {}, t("policy.tierNames")),
      [0, 1, 2].map((i) =>
        h(
          "label",
          { class: "field" },
          h("span", {}, t(`tier.${["A", "B", "C"][i]}` as Key)),
          h("input", { type: "text", id: `tier-name-${i}`, value: p.tier_names[i], onchange: (e: Event) => set(() => (p.tier_names[i] = (e.target as HTMLInputElement).value.trim() || p.tier_names[i]))() }),
        ),
      ),
    );
    const controls = [
      field(t("policy.method"), method),
      field(t("policy.metric"), metric),
      h("div", { class: "params" }, params),
      names,
      this.lensFields(p, field),
      h("button", { class: "secondary", id: "policy-reset", onclick: () => void this.switchMethod(p.method) }, t("policy.reset")),
      h(
        "div",
        { class: "policy-files" },
        h("button", { class: "link", id: "policy-load", onclick: () => this.a.load() }, t("policy.load")),
        h("button", { class: "link", id: "policy-save", onclick: () => this.a.save() }, t("policy.save")),
      ),
    ];
    // A method switched from the keyboard keeps the focus on the method.
    keepingFocus(this.body, () => {
      if (this.locked) {
        replace(this.body, h("p", { class: "notice policy-locked", id: "policy-locked" }, this.locked), h("fieldset", { class: "policy-lock", disabled: true }, controls));
      } else {
        replace(this.body, controls);
      }
    });
  }
}
