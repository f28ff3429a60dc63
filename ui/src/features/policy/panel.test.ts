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
