import { describe, expect, it, vi } from "vitest";
import type { TierPolicy } from "../../api/bindings/TierPolicy";
import { setLang } from "../../i18n";
import { PolicyPanel, SEGMENTS } from "./panel";

function rfmPolicy(): TierPolicy {
  return {
    method: "rfm",
    metric: "sales",
    tier_names: ["核心客户", "重要客户", "一般客户"],
    rfm: { scale: "quintiles", scheme: "eight", cuts: null, a_segments: [...SEGMENTS.eight.a], b_segments: [...SEGMENTS.eight.b] },
    lenses: { dormant_days: 90, exploration_days: 90, arrears_share: 0.3, low_margin: 0.1, overdue_days: 90, growth_weight: 0.3, regularity_cv: 1, decline_drop: 0.5 },
    clv_horizon_years: null,
    clv_discount_rate: null,
  } as unknown as TierPolicy;
}

describe("the RFM method panel", () => {
  setLang("zh");
  const cuts = { recency: [10, 30, 60, 120], frequency: [1, 2, 4, 8], monetary: [1000, 5000, 20000, 80000] };

  it("maps a segment to another tier and re-tiers", () => {
    const apply = vi.fn();
    const panel = new PolicyPanel({ apply, preset: vi.fn(), load: vi.fn(), save: vi.fn() });
    panel.show(rfmPolicy(), cuts);
    const select = panel.el.querySelector('[data-segment="general_value"]') as HTMLSelectElement;
    expect(select.value).toBe("C");
    select.value = "B";
    select.dispatchEvent(new Event("change"));
    const applied = apply.mock.calls.at(-1)![0] as TierPolicy;
    expect(applied.rfm.b_segments).toContain("general_value");
  });

  it("switching to the 11-segment scheme lists its segments with their default tiers", () => {
    const apply = vi.fn();
    const panel = new PolicyPanel({ apply, preset: vi.fn(), load: vi.fn(), save: vi.fn() });
    panel.show(rfmPolicy(), cuts);
    const scheme = panel.el.querySelector("#rfm-scheme") as HTMLSelectElement;
    scheme.value = "eleven";
    scheme.dispatchEvent(new Event("change"));
    expect(panel.el.querySelectorAll("#rfm-segments select").length).toBe(11);
    expect((panel.el.querySelector('[data-segment="champions"]') as HTMLSelectElement).value).toBe("A");
    expect((apply.mock.calls.at(-1)![0] as TierPolicy).rfm.a_segments).toEqual(SEGMENTS.eleven.a);
  });

  it("shows the cut points in force and fixes them when one is edited", () => {
    const apply = vi.fn();
    const panel = new PolicyPanel({ apply, preset: vi.fn(), load: vi.fn(), save: vi.fn() });
    panel.show(rfmPolicy(), cuts);
    const m = panel.el.querySelector("#rfm-cut-monetary-3") as HTMLInputElement;
    expect(m.value).toBe("80000");
    m.value = "100000";
    m.dispatchEvent(new Event("change"));
    expect((apply.mock.calls.at(-1)![0] as TierPolicy).rfm.cuts!.monetary).toEqual([1000, 5000, 20000, 100000]);
  });
});

describe("the lens thresholds", () => {
  setLang("zh");

  it("show the defaults as days and percentages and re-tier with the edited values, kept in range", () => {
    vi.useFakeTimers();
    const apply = vi.fn();
    const panel = new PolicyPanel({ apply, preset: vi.fn(), load: vi.fn(), save: vi.fn() });
    panel.show(rfmPolicy());
    const input = (id: string) => panel.el.querySelector(`#${id}`) as HTMLInputElement;
    expect(input("clv-horizon").value).toBe("3");
    expect(input("clv-rate").value).toBe("10");
    expect(input("arrears-share").value).toBe("30");
    expect(input("overdue-days").value).toBe("90");
    const edit = (id: string, v: string) => {
      input(id).value = v;
      input(id).dispatchEvent(new Event("change"));
    };
    edit("overdue-days", "60");
    edit("growth-weight", "50");
    edit("clv-rate", "8");
    edit("arrears-share", "150");
    edit("decline-drop", "40");
    edit("regularity-cv", "0.8");
    vi.advanceTimersByTime(300);
    vi.useRealTimers();
    expect(apply).toHaveBeenCalledTimes(1);
    const p = apply.mock.calls[0][0] as TierPolicy;
    expect(p.lenses.overdue_days).toBe(60);
    expect(p.lenses.growth_weight).toBe(0.5);
    expect(p.clv_discount_rate).toBeCloseTo(0.08);
    expect(p.lenses.arrears_share).toBe(1);
    expect(p.lenses.decline_drop).toBeCloseTo(0.4);
    expect(p.lenses.regularity_cv).toBe(0.8);
  });
});

describe("the method panel of a read-only team user", () => {
  setLang("zh");
  it("shows the method with every control disabled and says why", () => {
    const apply = vi.fn();
    const panel = new PolicyPanel({ apply, preset: vi.fn(), load: vi.fn(), save: vi.fn() });
    panel.show(rfmPolicy(), null);
    panel.lock("只读账号：分级方法由财务设置");
    expect(panel.el.querySelector("#policy-locked")?.textContent).toContain("财务");
    const lock = panel.el.querySelector("fieldset.policy-lock") as HTMLFieldSetElement;
    expect(lock.disabled).toBe(true);
    const method = panel.el.querySelector("#method") as HTMLSelectElement;
    expect(method.value).toBe("rfm");
    // A disabled fieldset's controls match :disabled, so no click or key reaches them.
    expect(method.matches(":disabled")).toBe(true);
    expect(apply).not.toHaveBeenCalled();
  });
});

describe("the method panel and the keyboard", () => {
  setLang("zh");
  it("keeps the focus on the method after switching it", async () => {
    const preset = vi.fn(async () => rfmPolicy());
    const panel = new PolicyPanel({ apply: vi.fn(), preset, load: vi.fn(), save: vi.fn() });
    document.body.append(panel.el);
    panel.show(rfmPolicy(), null);
    const method = panel.el.querySelector("#method") as HTMLSelectElement;
    method.focus();
    method.value = "rfm";
    method.dispatchEvent(new Event("change"));
    await new Promise((r) => setTimeout(r, 0));
    expect(panel.el.querySelector("#method")).not.toBe(method);
    expect(document.activeElement).toBe(panel.el.querySelector("#method"));
    panel.el.remove();
  });
});
