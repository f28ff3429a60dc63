// What the end-to-end scripts share: counting steps, waiting for ports and
// conditions, and starting the real app through tauri-driver with the
// environment a scenario needs.
import { spawn } from "node:child_process";
import net from "node:net";
import { Builder, By, Capabilities, until } from "selenium-webdriver";

export const tally = { passed: 0, failed: 0, failures: [] };

export async function step(name, f) {
  try {
    await f();
    tally.passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    tally.failed += 1;
    tally.failures.push(name);
    console.log(`not ok - ${name}\n  ${String(e && e.stack ? e.stack : e).split("\n").join("\n  ")}`);
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, "127.0.0.1", () => {
        c.end();
        resolve(true);
      });
      c.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tauri-driver did not listen on ${port}`);
}

export async function waitFor(f, message, ms = 20000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await f();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${message} (last: ${last})`);
}

/** The app under tauri-driver with `env`; returns the driver, helpers and a stop function. */
export async function launch(app, env) {
  const port = await freePort();
  const nativePort = await freePort();
  const proc = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], { env, stdio: ["ignore", "inherit", "inherit"] });
  await waitForPort(port, 20000);
  const caps = new Capabilities();
  caps.setBrowserName("wry");
  caps.set("tauri:options", { application: app });
  const driver = await new Builder().withCapabilities(caps).usingServer(`http://127.0.0.1:${port}/`).build();
  await driver.manage().setTimeouts({ implicit: 0, pageLoad: 30000, script: 30000 });
  const $ = (css, ms = 20000) => driver.wait(until.elementLocated(By.css(css)), ms);
  const text = async (css) => (await $(css)).getText();
  const stop = async () => {
    await driver.quit().catch(() => {});
    proc.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
  };
  return { driver, $, text, stop };
}

export function summary() {
  console.log(`e2e: ${tally.passed} passed, ${tally.failed} failed`);
  if (tally.failures.length) console.log(`failed: ${tally.failures.join("; ")}`);
}
