#!/usr/bin/env python3
"""How many STOMP sessions per second a broker can take at all: the ceiling
for the live fuzzer's sessions/s goal (bench/README.md, issue 9).

Each session is the smallest one a fuzzer could run: TCP connect, CONNECT,
wait for CONNECTED, DISCONNECT, close. CONCURRENCY sessions run at once for
SECONDS; the broker's CPU time over the same interval is read from /proc
(the newest process whose command line matches --broker-process).

    bench/session_ceiling.py [--host 127.0.0.1] [--port 61613] [--seconds 20]
        [--concurrency 16] [--broker-process beam.smp]
"""
import argparse
import asyncio
import os
import time


def cpu_seconds(pattern):
    """user+system CPU seconds of the processes whose cmdline contains pattern."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if pattern.encode() not in f.read():
                    continue
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue
    return total


async def session(host, port, login, passcode, timeout):
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(f"CONNECT\naccept-version:1.2\nhost:/\nlogin:{login}\npasscode:{passcode}\n\n\0".encode())
        await writer.drain()
        data = await asyncio.wait_for(reader.readuntil(b"\0"), timeout)
        if not data.lstrip(b"\r\n").startswith(b"CONNECTED"):
            raise RuntimeError(data[:80])
        writer.write(b"DISCONNECT\n\n\0")
        await writer.drain()
    finally:
        writer.close()


async def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=61613)
    p.add_argument("--login", default="guest")
    p.add_argument("--passcode", default=os.environ.get("STOMPSPEC_PASSCODE", "guest"))
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--broker-process", default="beam.smp")
    a = p.parse_args()
    done = failed = 0
    end = time.monotonic() + a.seconds

    async def lane():
        nonlocal done, failed
        while time.monotonic() < end:
            try:
                await session(a.host, a.port, a.login, a.passcode, 5)
                done += 1
            except (OSError, RuntimeError, asyncio.TimeoutError, asyncio.IncompleteReadError):
                failed += 1

    cpu0, t0 = cpu_seconds(a.broker_process), time.monotonic()
    await asyncio.gather(*(lane() for _ in range(a.concurrency)))
    wall, cpu = time.monotonic() - t0, cpu_seconds(a.broker_process) - cpu0
    print(f"{done} sessions in {wall:.1f} s: {done / wall:.1f} sessions/s ({failed} failed), "
          f"concurrency {a.concurrency}; broker CPU {cpu:.1f} s = {cpu / wall:.2f} cores, "
          f"{1000 * cpu / max(done, 1):.1f} ms per session; {os.cpu_count()} cores here")


if __name__ == "__main__":
    asyncio.run(main())
