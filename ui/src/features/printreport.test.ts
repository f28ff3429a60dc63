import { describe, expect, it, vi } from "vitest";
import type { ReportSettings } from "../api/bindings/ReportSettings";
import { printHint, ReportTab, settingsForm } from "./printreport";

const settings: ReportSettings = {
  company: "华东精工",
  edited: false,
  playbook: {
    tiers: [
      { service_model: "专属客户经理", visit_frequency: "每月一次", responsible: "客户经理", coverage: "1:1", actions: ["优先处理投诉", "关注人事变动"] },
      { service_model: "公关小组", visit_frequency: "每月一次", responsible: "营销主管", coverage: "1:少数", actions: ["找关键决策人"] },
      { service_model: "标准化服务", visit_frequency: "按需", responsible: "客服中心", coverage: "1:多", actions: ["发现明日之星"] },
    ],
  },
};

describe("the report", () => {
  it("edits the company and playbook, one action per line", () => {
    const save = vi.fn();
    const form = settingsForm(settings, save);
    (form.querySelector("#report-company") as HTMLInputElement).value = "江南建材";
    const actions = form.querySelector('textarea[data-tier="1"]') as HTMLTextAreaElement;
    actions.value = "找关键决策人\n\n  培育成 A 类 ";
    form.dispatchEvent(new Event("submit"));
    expect(save).toHaveBeenCalledTimes(1);
    const [company, playbook] = save.mock.calls[0];
    expect(company).toBe("江南建材");
    expect(playbook.tiers[1].actions).toEqual(["找关键决策人", "培育成 A 类"]);
    expect(playbook.tiers[0].visit_frequency).toBe("每月一次");
  });

  it("restores the documents' playbook with null", () => {
    const save = vi.fn();
    const form = settingsForm(settings, save);
    (form.querySelector("#playbook-defaults") as HTMLButtonElement).click();
    expect(save).toHaveBeenCalledWith("华东精工", null);
  });

  it("names what the platform's print dialog calls saving a PDF", () => {
    expect(printHint("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15")).toBe("report.printHint.linux");
    expect(printHint("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/131.0")).toBe("report.printHint.windows");
    expect(printHint("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15")).toBe("report.printHint.mac");
  });

  it("prints through the app, never the window, one print at a time", async () => {
    const windowPrint = vi.fn();
    window.print = windowPrint;
    let finish = () => {};
    const print = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const tab = new ReportTab({
      preview: async () => '<article class="tb-report"><h1>客户分级分析报告</h1></article>',
      settings: async () => settings,
      saveSettings: async () => {},
      saveHtml: () => {},
      print,
      onError: (e) => {
        throw e;
      },
    });
    await tab.load();
    const button = tab.el.querySelector("#print-report") as HTMLButtonElement;
    button.click();
    expect(button.disabled).toBe(true);
    button.click();
    void tab.print();
    expect(print).toHaveBeenCalledTimes(1);
    finish();
    await vi.waitFor(() => expect(button.disabled).toBe(false));
    expect(windowPrint).not.toHaveBeenCalled();
  });
});
