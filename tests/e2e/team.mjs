// The team workspace in the real window, on the PostgreSQL test server
// (TIERBOOK_TEST_PG): finance imports the sample ledger; then a second app,
// connected as a read-only manager, sees the run and is offered no edit (the
// server's refusal of one is pinned by the command and store tests).
//   node tests/e2e/team.mjs target/debug/tierbook target/debug/tierbook-cli
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { By } from "selenium-webdriver";
import { assert, launch, step, summary, tally, waitFor } from "./lib.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const app = path.resolve(process.argv[2] ?? path.join(root, "target/debug/tierbook"));
const cli = path.resolve(process.argv[3] ?? path.join(root, "target/debug/tierbook-cli"));
const ledger = path.join(root, "samples/2025销售台账.xlsx");
const shots = path.join(root, "target/e2e-screenshots");
mkdirSync(shots, { recursive: true });
const admin = process.env.TIERBOOK_TEST_PG;
if (!admin) {
  console.log("not ok - the team scenario needs TIERBOOK_TEST_PG (scripts/test.sh starts the server)");
  console.log("e2e: 0 passed, 1 failed");
  process.exit(1);
}

// A fresh team database with a finance clerk and a read-only manager.
const db = `e2e_${process.pid}`;
const base = admin.slice(0, admin.lastIndexOf("/"));
execFileSync("psql", [admin, "-qc", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`, "-c", `CREATE DATABASE ${db}`]);
const url = (user) => `${base.replace("postgres@", `${user}@`)}/${db}`;
const owner = `${base}/${db}`;
execFileSync(cli, ["history", "--db", owner]); // creates the tables
execFileSync(cli, ["team", "init", "--db", owner]);
for (const [user, role, ...more] of [[`${db}_clerk`, "finance"], [`${db}_gm`, "viewer"], [`${db}_wang`, "account", "--salesperson", "王建国"]]) {
  execFileSync("psql", [admin, "-qc", `DROP ROLE IF EXISTS ${user}`]);
  execFileSync(cli, ["team", "add-user", "--db", owner, user, "--role", role, ...more], { env: { ...process.env, TIERBOOK_NEW_PASSWORD: "pw" } });
}

async function session(user, body) {
  const work = mkdtempSync(path.join(os.tmpdir(), "tierbook-team-"));
  const env = { ...process.env, RUST_BACKTRACE: "0", HOME: work, XDG_CONFIG_HOME: path.join(work, "config"), TIERBOOK_TEST_LEDGER: ledger, TIERBOOK_WORKSPACE: url(user) };
  let s;
  try {
    s = await launch(app, env);
    const shot = async (name) => {
      await s.driver.sleep(400);
      writeFileSync(path.join(shots, `${name}.png`), await s.driver.takeScreenshot(), "base64");
    };
    await body({ ...s, shot });
  } catch (e) {
    tally.failed += 1;
    tally.failures.push(`${user}: ${e}`);
    console.log(`not ok - ${user}\n  ${e && e.stack ? e.stack : e}`);
  } finally {
    if (s) await s.stop();
    rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

await session(`${db}_clerk`, async ({ $, text, shot }) => {
  await step("the window says it is on the team workspace as finance", async () => {
    await waitFor(async () => (await text("#workspace-badge")) === "团队工作区（财务）", "team badge with the clerk's role");
    const where = await (await $("#workspace-badge")).getAttribute("title");
    assert(where.includes(`${db}@127.0.0.1`), `the server on hover: ${where}`);
  });
  await step("finance imports the sample ledger into the team workspace", async () => {
    await (await $("#pick-file")).click();
    await $("#preview-grid");
    await (await $("#start-import")).click();
    await $("#tier-table", 60000);
    await waitFor(async () => (await text("#import-banner")).includes("导入 2411"), "import banner");
    await shot("30-team-finance-table");
  });
});

await session(`${db}_gm`, async ({ driver: drv, $, text, shot }) => {
  await step("a read-only manager sees finance's run on the team workspace", async () => {
    await waitFor(async () => (await text("#workspace-badge")).includes("只读（管理层）"), "viewer badge");
    await (await $("#open-workspace")).click();
    const open = await $('[id^="open-run-"]');
    await open.click();
    await $("#tier-table", 60000);
    await shot("31-team-viewer-table");
  });
  await step("and is offered no override or needs edit (the server would refuse them too)", async () => {
    await $(".trow[data-id] .tier-badge");
    const edits = await drv.findElements(By.css('[data-action="override"], [data-action="needs"]'));
    assert(edits.length === 0, `${edits.length} edit controls offered to a read-only user`);
    assert((await text("#policy-locked")).includes("财务"), "the method panel says who sets the method");
    assert(!(await (await $("#method")).isEnabled()), "the method cannot be changed");
    await shot("32-team-viewer-read-only");
  });
});

await session(`${db}_wang`, async ({ $, text, shot }) => {
  await step("an account manager's window lists their own customers only, with the company run's tiers", async () => {
    await waitFor(async () => (await text("#workspace-badge")).includes("客户经理"), "account manager badge");
    await (await $("#open-workspace")).click();
    await (await $('[id^="open-run-"]')).click();
    await $("#tier-table", 60000);
    // 王建国 looks after 17 of the sample's 106 customers with sales.
    await waitFor(async () => (await text("#table-count")) === "共 17 位客户", "their 17 customers");
    assert((await text("#policy-locked")).includes("你负责的客户"), "the panel says whose customers are listed");
    await shot("33-team-account-manager");
  });
});

// The last window's app may still be closing its connection: force it off,
// and never fail the run on cleanup.
try {
  execFileSync("psql", [admin, "-qc", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
} catch (e) {
  console.log(`# the test database ${db} was left behind: ${e}`);
}
summary();
process.exit(tally.failed === 0 ? 0 : 1);
