// The 团队工作区 dialog: which server the window works on (host, port,
// database, user) and the password, asked for at each start and never kept;
// or back to this PC's own workspace. And the header's badge saying which
// workspace is in use.
import type { AppInfo } from "../../api/bindings/AppInfo";
import type { TeamRole } from "../../api/bindings/TeamRole";
import type { TeamServer } from "../../api/bindings/TeamServer";
import { h } from "../../dom";
import { t, type Key } from "../../i18n";
import { modal } from "../modal";

export interface TeamActions {
  /** Connects; resolves to the server's refusal in words, or nothing when connected. */
  connect: (server: TeamServer, password: string) => Promise<string | undefined>;
  useLocal: () => void;
  close: () => void;
}

/** The server as typed, or the first field left empty (to say so and focus it). */
export function readServer(fields: { host: string; port: string; database: string; user: string }): TeamServer | keyof TeamServer {
  const host = fields.host.trim();
  const database = fields.database.trim();
  const user = fields.user.trim();
  const port = Number(fields.port.trim() || "5432");
  if (!host) return "host";
  if (!Number.isInteger(port) || port < 1 || port > 65535) return "port";
  if (!database) return "database";
  if (!user) return "user";
  return { host, port, database, user };
}

/** With `move`, the dialog asks for the empty team database this PC's workspace moves up to. */
export function teamDialog(info: AppInfo, a: TeamActions, move = false): HTMLElement {
  const s = info.team?.server;
  const field = (id: string, value: string, type = "text") => {
    const input = h("input", { id: `team-${id}`, type, autocomplete: type === "password" ? "current-password" : "off" });
    input.value = value;
    return input;
  };
  const inputs = {
    host: field("host", s?.host ?? ""),
    port: field("port", String(s?.port ?? 5432)),
    database: field("database", s?.database ?? "tierbook"),
    user: field("user", s?.user ?? ""),
  };
  const password = field("password", "", "password");
  const hint = h("p", { class: "problem", id: "team-hint", hidden: true });
  const submit = () => {
    const read = readServer({ host: inputs.host.value, port: inputs.port.value, database: inputs.database.value, user: inputs.user.value });
    if (typeof read === "string") {
      hint.textContent = t(`team.missing.${read}` as Key);
      hint.hidden = false;
      inputs[read].focus();
      return;
    }
    hint.hidden = true;
    void a.connect(read, password.value).then((problem) => {
      if (!problem) return;
      hint.textContent = problem;
      hint.hidden = false;
      password.focus();
    });
  };
  const label = (key: Key, input: HTMLElement) => h("label", { class: "block" }, t(key), input);
  const dialog = modal(
    { id: "team-dialog", close: a.close, onKey: (e) => e.key === "Enter" && submit() },
    h("h3", {}, t(move ? "team.moveHeading" : "team.heading")),
    h("p", { class: "muted small" }, t(move ? "team.moveExplain" : "team.explain")),
    label("team.host", inputs.host),
    label("team.port", inputs.port),
    label("team.database", inputs.database),
    label("team.user", inputs.user),
    label("team.password", password),
    h("p", { class: "muted small" }, t("team.passwordNote")),
    hint,
    h(
      "div",
      { class: "actions" },
      info.team && !move ? h("button", { class: "secondary", id: "team-local", onclick: a.useLocal }, t("team.useLocal")) : null,
      h("button", { class: "secondary", onclick: a.close }, t("team.cancel")),
      h("button", { class: "primary", id: "team-connect", onclick: submit }, t(move ? "team.move" : "team.connect")),
    ),
  );
  queueMicrotask(() => (s ? password : inputs.host).focus());
  return dialog;
}

/** The header's note of the workspace in use: this PC's, or the team's with the user's role. */
export function workspaceBadge(info: AppInfo, open: () => void): HTMLElement {
  const team = info.team?.connected ? info.team : null;
  const role = team?.role ? t(`team.role.${team.role as TeamRole}` as Key) : null;
  // Short in the header; the server and user in full on hover.
  const text = team ? t("team.badge", { who: role ?? team.server.user }) : t("team.badgeLocal");
  const where = team ? t("team.badgeWhere", { server: `${team.server.database}@${team.server.host}`, user: team.server.user }) + "\n" : "";
  return h("button", { class: "link", id: "workspace-badge", title: where + t("team.badgeTitle"), onclick: open }, text);
}
