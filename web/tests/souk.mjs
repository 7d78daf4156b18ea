// Starts a real souk for the browser tests: its own data directory (the
// embedded PostgreSQL), a free port, the demo seed, the built UI.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function startSouk(bin, webDir) {
  const data = mkdtempSync(join(tmpdir(), "souk-web-"));
  chmodSync(data, 0o755); // the cluster runs as the postgres user
  const child = spawn(bin, ["serve", "--demo", "--host", "127.0.0.1", "--port", "0", "--data-dir", data, "--web-dir", webDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`souk did not start:\n${log}`)), 120_000);
    const check = setInterval(() => {
      const m = log.match(/souk is serving (http:\/\/localhost:\d+)/);
      if (m) {
        clearInterval(check);
        clearTimeout(timer);
        resolve(m[1]);
      }
    }, 100);
    child.on("exit", (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`souk exited (${code}):\n${log}`));
    });
  });
  const demo = JSON.parse(readFileSync(join(data, "demo.json"), "utf8"));
  return {
    url,
    demo,
    log: () => log,
    async stop() {
      child.removeAllListeners("exit");
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      rmSync(data, { recursive: true, force: true });
    },
  };
}
