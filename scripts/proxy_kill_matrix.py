#!/usr/bin/env python3
"""The proxy's kill matrix: the suite through `stompspec proxy` against a real
broker, once per fault, compared with a direct run.

For each transport (TCP and WebSocket by default) it runs the suite directly,
then through the proxy with no fault (whose verdicts must equal the direct
ones), then through the proxy with each fault. A case is *killed* by a fault
when it fails (status fail or error, or warn: a broken SHOULD) through the
proxy but not directly. Every
broker->client fault must kill at least one case; client->broker faults are
listed for information. Writes a Markdown report (docs/proxy-kill-matrix.md).

    scripts/proxy_kill_matrix.py [--stompspec build/dev/stompspec]
        [--profile targets/rabbitmq/profile.json] [--out docs/proxy-kill-matrix.md]
        [--work build/proxy-kill-matrix] [--jobs 16] [--fault NAME ...] [--transport tcp|ws ...]

Exit code: 0 when the fault-free proxy equals the direct run and every
broker->client fault kills a case, 1 otherwise, 2 on usage or broker trouble.
RabbitMQ must be running (targets/rabbitmq/start.sh); the default upstreams
are its TCP and Web-STOMP listeners.
"""
import argparse
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time

UPSTREAMS = {"tcp": "tcp://127.0.0.1:61613", "ws": "ws://127.0.0.1:15674/ws"}
LISTEN = {"tcp": "tcp://127.0.0.1:0", "ws": "ws://127.0.0.1:0/ws"}
FAILING = {"fail", "error"}
# A broken SHOULD grades warn (a failure under --strict): it counts as killed too.
KILLED = FAILING | {"warn"}


# Why a broker fault can kill nothing against this broker, where that is known.
WHY_NOT = {
    # Empty since stomp12/subscribe/12 (ERROR then close, with no RECEIPT owed) gave
    # keep-open-after-error a case RabbitMQ passes over TCP; kept for the next such fault.
}


# Cases a fault's run leaves out, per transport, because the fault makes them
# take the broker down for everyone (the run would measure a dead broker).
AVOID = {
    ("client-wrong-content-length", "ws"): {
        "stomp12/size-limits/1": "its 10 MiB SEND with a content-length one short makes RabbitMQ 3.10's "
                                 "Web-STOMP allocate without bound until the OOM killer ends the node "
                                 "(targets/rabbitmq/OBSERVED.md D19, targets/rabbitmq/repro_d19.sh)"},
}


def profile_for(args, fault, transport):
    """args.profile, or a copy excluding the cases AVOID names for this run."""
    avoid = AVOID.get((fault, transport))
    if not avoid:
        return args.profile
    with open(args.profile) as f:
        profile = json.load(f)
    profile.setdefault("exclude", {}).update(avoid)
    path = os.path.join(args.work, f"profile-{fault}-{transport}.json")
    with open(path, "w") as f:
        json.dump(profile, f, indent=2)
    return path


def fault_table(stompspec):
    """(name, direction, requirement, description, section) rows of `stompspec proxy --list`."""
    out = subprocess.run([stompspec, "proxy", "--list"], check=True, capture_output=True, text=True).stdout
    rows, last = [], None
    for line in out.splitlines()[1:]:
        if line.startswith(" "):
            if last is not None:
                last["section"] = line.strip().strip("()")
            continue
        m = re.match(r"(\S+)\s+(\S+)\s+(\S+)\s+(.*)", line)
        if m:
            last = {"name": m[1], "direction": m[2], "requirement": m[3], "description": m[4]}
            rows.append(last)
    return rows


class ProxyProcess:
    def __init__(self, stompspec, transports, faults):
        cmd = [stompspec, "proxy", "-q"]
        for t in transports:
            cmd += ["--listen", LISTEN[t], "--upstream", UPSTREAMS[t]]
        for f in faults:
            cmd += ["--fault", f]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.urls = {}
        deadline = time.time() + 10
        while len(self.urls) < len(transports):
            line = self.proc.stdout.readline()
            if not line or time.time() > deadline:
                raise RuntimeError("proxy did not start: " + self.proc.stderr.read())
            m = re.match(r"listening (\S+) -> (\S+)", line)
            if m:
                self.urls["ws" if m[1].startswith("ws") else "tcp"] = m[1]

    def stop(self):
        """SIGTERM; returns the proxy's closing summary line."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            out, _ = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        for line in out.splitlines():
            if line.startswith("stopped:"):
                return line
        return ""


def stompspec_run(args, url, folder, profile=None, selectors=()):
    """`stompspec run` into folder: (exit code, stderr, {instance: status} or None)."""
    path = os.path.join(folder, "results.json")
    if os.path.exists(path):
        os.remove(path)
    cmd = [args.stompspec, "run", "--profile", profile or args.profile, "--target", url, "--jobs", str(args.jobs),
           "--report", folder, "--format", "json", *selectors]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc.returncode, proc.stderr, read_statuses(path)


def read_statuses(path):
    try:
        with open(path) as f:
            return {c["instance"]: c["status"] for c in json.load(f)["cases"]}
    except (OSError, ValueError):
        return None


def run_suite(args, url, name, profile=None):
    """One suite run; exit 2 (the broker did not answer, or died) is retried
    twice after a pause: the broker is shared and may be busy for a while."""
    folder = os.path.join(args.work, name)
    statuses = read_statuses(os.path.join(folder, "results.json")) if args.reuse else None
    if statuses is not None:
        print(f"{name}: reusing {folder}/results.json", flush=True)
        return statuses
    for attempt in range(3):
        code, err, statuses = stompspec_run(args, url, folder, profile)
        if code != 2 and statuses is not None:
            return statuses
        print(f"{name}: stompspec run exited {code}: {err.strip()[-300:]}", flush=True)
        if attempt == 2:
            raise RuntimeError(f"{name}: stompspec run exited {code} three times")
        time.sleep(30)


def grades_of(args, url, instance, wanted, times=10, label="direct"):
    """The grades one instance gets in up to `times` more runs against url
    (until it gets `wanted`): a case whose legal outcomes depend on timing
    (stomp12/receipt/3: pass or info) may differ through the proxy without
    the proxy having changed anything."""
    case = instance.split("@")[0]
    grades = set()
    for i in range(times):
        folder = os.path.join(args.work, "recheck", f"{label}-{case.replace('/', '_')}-{i}")
        statuses = stompspec_run(args, url, folder, selectors=[case])[2] or {}
        if instance in statuses:
            grades.add(statuses[instance])
        if wanted in grades:
            break
    return grades


def rewrites(summary, fault):
    m = re.search(re.escape(fault) + r" x(\d+)", summary)
    return int(m[1]) if m else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stompspec", default="build/dev/stompspec")
    p.add_argument("--profile", default="targets/rabbitmq/profile.json")
    p.add_argument("--out", default="docs/proxy-kill-matrix.md")
    p.add_argument("--work", default="build/proxy-kill-matrix")
    p.add_argument("--jobs", type=int, default=16)
    p.add_argument("--fault", action="append", help="only these faults (default: all)")
    p.add_argument("--transport", action="append", choices=sorted(UPSTREAMS), help="default: tcp and ws")
    p.add_argument("--reuse", action="store_true",
                   help="keep the results.json of runs already in --work (to finish an interrupted matrix)")
    args = p.parse_args()
    transports = args.transport or ["tcp", "ws"]
    table = fault_table(args.stompspec)
    if args.fault:
        unknown = set(args.fault) - {r["name"] for r in table}
        if unknown:
            sys.exit(f"proxy_kill_matrix: unknown faults {sorted(unknown)}")
        table = [r for r in table if r["name"] in args.fault]
    os.makedirs(args.work, exist_ok=True)
    started = time.time()

    try:
        direct = {t: run_suite(args, UPSTREAMS[t], f"direct-{t}") for t in transports}
        proxy = ProxyProcess(args.stompspec, transports, [])
        none = {t: run_suite(args, proxy.urls[t], f"none-{t}") for t in transports}
        proxy.stop()
        results = []
        for row in table:
            ws_only = row["name"] in ("drop-subprotocol", "client-drop-subprotocol")
            ts = [t for t in transports if t == "ws" or not ws_only]
            if not ts:
                continue
            proxy = ProxyProcess(args.stompspec, ts, [row["name"]])
            runs = {t: run_suite(args, proxy.urls[t], f"{row['name']}-{t}", profile_for(args, row["name"], t)) for t in ts}
            summary = proxy.stop()
            # A reused run's proxy rewrote nothing now: keep the summary of the run that made it.
            saved = os.path.join(args.work, f"{row['name']}.summary")
            if rewrites(summary, row["name"]) == 0 and args.reuse and os.path.exists(saved):
                with open(saved) as f:
                    summary = f.read()
            else:
                with open(saved, "w") as f:
                    f.write(summary)
            results.append((row, runs, rewrites(summary, row["name"])))
            print(f"{row['name']}: " + ", ".join(
                f"{t} {sum(1 for k, s in runs[t].items() if s in KILLED and direct[t].get(k) not in KILLED)} killed"
                for t in ts), flush=True)
    except RuntimeError as e:
        print(f"proxy_kill_matrix: {e}", file=sys.stderr)
        return 2

    ok = True
    lines = [
        "# The proxy's kill matrix",
        "",
        "Generated by `scripts/proxy_kill_matrix.py` (do not edit by hand): the whole suite "
        f"(`stompspec run --jobs {args.jobs}`, profile `{args.profile}`) run directly against the broker, "
        "through `stompspec proxy` with no fault, and through it with each fault "
        "(`stompspec proxy --list`, docs/proxy.md). A case is **killed** when it fails (fail or error; "
        "or warn, a broken SHOULD, which fails under `--strict`) through the proxy but not directly; *changed* counts every case whose verdict differs from the "
        "direct run (a pass turning into a warn, an expected failure that now passes...). *Rewrites* is "
        "how many frames (or heart-beats) the proxy rewrote, from its closing summary.",
        "",
        f"Generated {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
        + (" from the runs kept in the work folder (--reuse)" if args.reuse else
           f" in {(time.time() - started) / 60:.1f} min") + ". Transports: "
        + ", ".join(f"{t} ({UPSTREAMS[t]})" for t in transports) + ".",
        "",
        "## Transparency",
        "",
        "| transport | cases | verdicts equal to the direct run |",
        "|---|---|---|",
    ]
    for t in transports:
        diff = sorted(k for k in set(direct[t]) | set(none[t]) if direct[t].get(k) != none[t].get(k))
        # A difference is the case's timing, not the proxy, when the direct
        # runs give the proxy's grade too, or the fault-free proxy the direct one.
        def flip(k):
            if none[t].get(k) in grades_of(args, UPSTREAMS[t], k, none[t].get(k)):
                return True
            again = ProxyProcess(args.stompspec, [t], [])
            try:
                return direct[t].get(k) in grades_of(args, again.urls[t], k, direct[t].get(k), label="proxied")
            finally:
                again.stop()
        flips = [k for k in diff if flip(k)]
        real = [k for k in diff if k not in flips]
        ok &= not real
        text = "yes, all" if not real else f"**no**: {len(real)} differ ({', '.join(real[:5])})"
        if flips:
            text += (f"; {len(flips)} differ as they also do between runs (the direct runs gave the proxy's "
                     f"grade too, or the proxy the direct one), a timing choice between legal grades ({', '.join(f'{k}: {direct[t][k]}/{none[t][k]}' for k in flips[:5])})")
        lines.append(f"| {t} | {len(direct[t])} | {text} |")
    lines += ["", "## Faults", "",
              "| fault | direction | breaks | " + " | ".join(f"{t} killed | {t} changed" for t in transports)
              + " | rewrites | cases killed (examples) |",
              "|---|---|---|" + "---|---|" * len(transports) + "---|---|"]
    for row, runs, n in results:
        cells, killed_ids = [], []
        any_kill = False
        for t in transports:
            if t not in runs:
                cells += ["n/a", "n/a"]
                continue
            killed = sorted(k for k, s in runs[t].items() if s in KILLED and direct[t].get(k) not in KILLED)
            warned = sum(1 for k in killed if runs[t][k] == "warn")
            changed = [k for k in set(runs[t]) | set(direct[t]) if runs[t].get(k) != direct[t].get(k)]
            any_kill |= bool(killed)
            cells += [f"{len(killed)}" + (f" ({warned} warn)" if warned else ""), str(len(changed))]
            killed_ids += [f"{k} ({t})" for k in killed[:3]]
        broker_side = row["direction"] == "broker->client"
        if broker_side and not any_kill:
            ok = False
        name = row["name"] if any_kill or not broker_side else f"**{row['name']}** (kills nothing)"
        lines.append(f"| {name} | {row['direction']} | {row['requirement']} | " + " | ".join(cells)
                     + f" | {n} | {', '.join(killed_ids) or '-'} |")
    lines += ["", "Faults in the table: " + ", ".join(f"`{r['name']}`" for r, _, _ in results) + "."]
    skipped = [r["name"] for r in fault_table(args.stompspec) if r["name"] not in {x["name"] for x, _, _ in results}]
    if skipped:
        lines += ["", "Not run here: " + ", ".join(f"`{n}`" for n in skipped)
                  + " (left out with --fault)."]
    avoided = [(f, t, case, why) for (f, t), cases in AVOID.items() for case, why in cases.items()
               if f in {x["name"] for x, _, _ in results} and t in transports]
    if avoided:
        lines += ["", "Left out of a fault's run (skipped there, so counted as changed, never as killed):", ""]
        lines += [f"- `{case}` under `{f}` over {t}: {why}." for f, t, case, why in avoided]
    gaps = [r["name"] for r, runs, _ in results
            if r["direction"] == "broker->client" and not any(
                s in KILLED and direct[t].get(k) not in KILLED for t in runs for k, s in runs[t].items())]
    if gaps:
        lines += ["", "## Broker faults that kill nothing here", ""]
        for g in gaps:
            lines.append(f"- `{g}`: " + WHY_NOT.get(g, "no explanation recorded: a coverage gap to look into."))
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"proxy_kill_matrix: wrote {args.out}; " + ("all good" if ok else "GAPS: see the table"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
