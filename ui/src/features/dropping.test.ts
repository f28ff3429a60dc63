import { describe, expect, it } from "vitest";
import { setLang } from "../i18n";
import { showDropTarget } from "./dropping";

describe("the drop target", () => {
  setLang("zh");
  it("lights the welcome's drop zone while a file is over the window", () => {
    document.body.innerHTML = '<div id="dropzone"></div>';
    showDropTarget("over");
    expect(document.getElementById("dropzone")!.classList.contains("hover")).toBe(true);
    expect(document.body.classList.contains("dropping")).toBe(false);
    showDropTarget("leave");
    expect(document.getElementById("dropzone")!.classList.contains("hover")).toBe(false);
  });

  it("makes the whole window the target on the main screen, saying what a drop does", () => {
    document.body.innerHTML = '<div data-screen="main"></div>';
    showDropTarget("enter");
    expect(document.body.classList.contains("dropping")).toBe(true);
    expect(document.body.dataset.drop).toContain("打开这本台账");
    showDropTarget("drop");
    expect(document.body.classList.contains("dropping")).toBe(false);
    expect(document.body.dataset.drop).toBeUndefined();
  });
});
