#!/usr/bin/env python3
"""Helpers of scripts/overnight.sh, kept out of the shell script.

  overnight_summary.py new-files CORPUS MERGED   names in MERGED whose content CORPUS lacks
  overnight_summary.py summary OUT               OUT/summary.json and OUT/summary.md;
                                                 exits 1 when the run found something serious

The summary reads what the run left in OUT: per libFuzzer target the last
fork-mode status line of <target>/fuzz.log (total execs, cov, ft, corpus),
its artifacts/ folder (crashes, leaks, timeouts, OOMs) and new-files.txt;
per live run live-<transport>/summary.json from `stompspec fuzz`.
"""
import hashlib
import json
import pathlib
import re
import sys

# libFuzzer -fork status line: "#1234: cov: 800 ft: 5000 corp: 900 exec/s 1000 oom/timeout/crash: 0/0/0 time: 60s ..."
FORK_LINE = re.compile(r"^#(\d+): cov: (\d+) ft: (\d+) corp: (\d+) exec/s:? (\d+) "
                       r"oom/timeout/crash: (\d+)/(\d+)/(\d+) time: (\d+)s")


def sha1s(folder):
    return {hashlib.sha1(p.read_bytes()).hexdigest() for p in pathlib.Path(folder).iterdir() if p.is_file()}


def new_files(corpus, merged):
    have = sha1s(corpus)
    for p in sorted(pathlib.Path(merged).iterdir()):
        if hashlib.sha1(p.read_bytes()).hexdigest() not in have:
            print(p.name)


def libfuzzer_target(d):
    log = (d / "fuzz.log").read_text(errors="replace") if (d / "fuzz.log").exists() else ""
    last = None
    for line in log.splitlines():
        m = FORK_LINE.match(line)
        if m:
            last = m
    r = {"target": d.name, "log": str(d / "fuzz.log")}
    if last:
        execs, cov, ft, corp, eps, oom, tmo, crash, secs = map(int, last.groups())
        r.update(execs=execs, cov=cov, ft=ft, corpus=corp, seconds=secs,
                 exec_per_s=round(execs / secs) if secs else eps, oom_timeout_crash=[oom, tmo, crash])
    else:
        r["error"] = "no fork-mode status line in fuzz.log"
    arts = sorted(str(p) for p in (d / "artifacts").glob("*")) if (d / "artifacts").exists() else []
    r["findings"] = arts
    nf = d / "new-files.txt"
    r["new_corpus_files"] = len(nf.read_text().split()) if nf.exists() else None
    return r


def live_run(log):
    d = log.with_suffix("")
    s = d / "summary.json"
    if not s.exists():
        return {"run": d.name, "error": f"no summary.json (see {log})"}
    j = json.loads(s.read_text())
    return {"run": d.name, "target": j.get("target"), "sessions": j.get("sessions"),
            "frames": j.get("frames"), "sessions_per_s": j.get("sessions_per_fuzzing_s"),
            "stopped": j.get("stopped"), "signatures": j.get("signatures"),
            "findings": [{"signature": f.get("signature"), "severity": f.get("severity"),
                          "known": f.get("known"), "count": f.get("count"), "dir": f.get("dir")}
                         for f in j.get("findings", [])],
            "summary": str(s)}


def summary(out):
    out = pathlib.Path(out)
    run = json.loads((out / "run.json").read_text())
    targets = [libfuzzer_target(d) for d in sorted(out.glob("fuzz_*")) if d.is_dir()]
    live = [live_run(log) for log in sorted(out.glob("live-*.log"))]
    skipped = out / "live-skipped.txt"
    failed = out / "build-failed.txt"
    s = {**run, "libfuzzer": targets, "live": live,
         "live_skipped": skipped.read_text().strip() if skipped.exists() else None,
         "build_failed": failed.read_text().split() if failed.exists() else []}
    (out / "summary.json").write_text(json.dumps(s, indent=2) + "\n")

    md = [f"# Overnight fuzzing, {run['duration']} from {run['started_at']} ({run['jobs']} fork jobs)", "",
          "| target | execs | exec/s | cov | ft | corpus | new in corpus/ | findings |",
          "|---|---:|---:|---:|---:|---:|---:|---|"]
    for t in targets:
        if "error" in t:
            md.append(f"| `{t['target']}` | {t['error']} | | | | | | |")
            continue
        found = "<br>".join(f"`{f}`" for f in t["findings"]) or "none"
        md.append(f"| `{t['target']}` | {t['execs']:,} | {t['exec_per_s']:,} | {t['cov']} | {t['ft']} | "
                  f"{t['corpus']} | {t['new_corpus_files'] if t['new_corpus_files'] is not None else '-'} | {found} |")
    for name in s["build_failed"]:
        md.append(f"| `{name}` | did not build (build.log) | | | | | | |")
    md += ["", "Live fuzzer (`stompspec fuzz`, RabbitMQ on loopback):", ""]
    if s["live_skipped"]:
        md.append(f"skipped: {s['live_skipped']}")
    for r in live:
        if "error" in r:
            md.append(f"- {r['run']}: {r['error']}")
            continue
        md.append(f"- {r['run']} ({r['target']}): {r['sessions']:,} sessions, {r['frames']:,} frames, "
                  f"{r['sessions_per_s']:.1f} sessions/s, {r['signatures']} signatures, stopped: {r['stopped']}")
        for f in r["findings"]:
            md.append(f"  - `{f['signature']}` {f['severity']}{' (known)' if f['known'] else ''}, "
                      f"{f['count']}x, {f['dir']}")
    # What should wake somebody up: a libFuzzer finding or a target that did not
    # build; from the live fuzzer only a crashed or hung broker (its protocol
    # findings are listed above, and a broker may have known ones).
    serious = [f"{t['target']}: {len(t['findings'])} finding(s)" for t in targets if t["findings"]]
    serious += [f"{name}: did not build" for name in s["build_failed"]]
    serious += [f"{r['run']}: {f['signature']} ({f['severity']})" for r in live if "error" not in r
                for f in r["findings"] if f["severity"] in ("critical", "high") and not f["known"]]
    md += ["", "Verdict: " + ("; ".join(serious) if serious else "nothing serious found")]
    (out / "summary.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))
    return 1 if serious else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "new-files":
        new_files(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "summary":
        sys.exit(summary(sys.argv[2]))
    else:
        sys.exit(__doc__)
