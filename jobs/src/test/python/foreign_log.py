"""Writes the foreign-schema log of ForeignLogTest (jobs/src/test/resources/foreign/) and prints the
KPIs it expects, computed here with numpy independently of Driftwatch.

A made-up weather service ("weatherd") logs in its own schema: nested names of its own, HTTP status
codes (failed requests carry no output), local times with a space (Europe/Oslo, across the DST change
of 2014-10-26), resource figures under host_stats, a separate CSV label file with its own column names,
ids and free text among the inputs. Run: python3 jobs/src/test/python/foreign_log.py
"""
import csv, json, os
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "foreign")
OSLO = ZoneInfo("Europe/Oslo")
rng = np.random.default_rng(20141024)
start = datetime(2014, 10, 24, 0, 0)  # local time
rows, labels = [], []
for i in range(1600):
    model = "rain_tomorrow" if i % 2 == 0 else "temp_next_day"
    local = start + timedelta(seconds=int(rng.integers(0, 4 * 86400)))
    fold = int(rng.integers(0, 2)) if local.replace(tzinfo=OSLO).dst() is not None else 0
    utc = local.replace(tzinfo=OSLO, fold=0).astimezone(timezone.utc)  # Driftwatch: the earlier instant
    temp = float(np.round(rng.normal(6, 4), 1)); hum = int(rng.integers(40, 100))
    r = rng.random()
    status = 200 if r < 0.9 else (500 if r < 0.95 else (503 if r < 0.98 else 429))
    rec = {"req": {"id": f"r-{i:05d}", "received": local.strftime("%Y-%m-%d %H:%M:%S")},
           "svc": {"name": model, "build": "v3" if i % 5 else "v4"},
           "http_status": status, "took_ms": float(np.round(rng.gamma(2.0, 8.0), 2)),
           "host_stats": {"cpu": float(np.round(rng.uniform(5, 95), 1)), "rss_mb": int(rng.integers(600, 900))},
           "inputs": {"temp_c": temp, "humidity": hum, "pressure_hpa": float(np.round(rng.normal(1010, 8), 1)),
                      "wind_dir": str(rng.choice(["N", "NE", "E", "SE", "S", "SW", "W", "NW"])),
                      "station_id": f"OSL-{int(rng.integers(1, 40))}", "comment": "ok"}}
    if i == 7:
        rec["inputs"]["comment"] = "x" * 20000  # one huge free-text value
    truth_rain = rng.random() < 1 / (1 + np.exp(-(hum - 75) / 6))
    truth_temp = temp + float(np.round(rng.normal(0, 2), 1))
    if status < 300:
        if model == "rain_tomorrow":
            p = float(np.round(1 / (1 + np.exp(-(hum - 72) / 7)), 4))
            rec["out"] = {"value": p}
        else:
            rec["out"] = {"value": float(np.round(temp + rng.normal(0, 1.5), 2))}
    elif status == 503:
        rec["out"] = {"value": None}
    rows.append((rec, utc, model, status, truth_rain, truth_temp))
    if status < 300 and rng.random() < 0.8:
        when = local + timedelta(hours=int(rng.integers(20, 60)))
        outcome = ("rain" if truth_rain else "dry") if model == "rain_tomorrow" else truth_temp
        labels.append({"id": rec["req"]["id"], "ts": when.strftime("%Y-%m-%d %H:%M:%S"), "outcome": outcome})
# a label for no prediction; one without a time (invalid); a later one that replaces r-00000's
# (with positive_label: rain, any other value is negative)
labels.append({"id": "r-99999", "ts": "2014-10-30 10:00:00", "outcome": "rain"})
labels.append({"id": "r-00002", "ts": "", "outcome": "dry"})
labels.append({"id": "r-00000", "ts": "2014-10-29 10:00:00", "outcome": "drizzle?"})

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "weatherd.log"), "w") as f:
    for rec, *_ in rows:
        f.write(json.dumps(rec, separators=(",", ":")) + "\n")
with open(os.path.join(OUT, "outcomes.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["id", "ts", "outcome"]); w.writeheader(); w.writerows(labels)

# --- expected KPIs per (model, UTC day), all versions: Driftwatch writes one row per version, so
# the test sums counts over versions and checks the version-free figures per version below.
latest = {}
for l in labels:
    if not l["ts"]:
        continue
    if l["id"] not in latest or l["ts"] >= latest[l["id"]]["ts"]:
        latest[l["id"]] = l

def rank_auc(y, s):
    from scipy.stats import rankdata
    r = rankdata(s); npos = y.sum(); nneg = len(y) - npos
    return (r[y == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg)

groups = {}
for rec, utc, model, status, *_ in rows:
    key = (model, rec["svc"]["build"], utc.strftime("%Y-%m-%d"))
    groups.setdefault(key, []).append(rec)
print("// (model, version, day): count, errors, latency mean, labeled, cpu max, memory mean, quality...")
for key in sorted(groups):
    g = groups[key]
    n = len(g); err = sum(r["http_status"] >= 300 for r in g)
    lat = np.array([r["took_ms"] for r in g])
    cpu = np.array([r["host_stats"]["cpu"] for r in g]); mem = np.array([r["host_stats"]["rss_mb"] for r in g])
    ys, ps = [], []
    for r in g:
        out = r.get("out", {}).get("value")
        if r["http_status"] >= 300 or out is None:
            continue
        l = latest.get(r["req"]["id"])
        if l is None:
            continue
        if key[0] == "rain_tomorrow":
            ys.append(1.0 if l["outcome"] == "rain" else 0.0)
        else:
            ys.append(float(l["outcome"]))
        ps.append(out)
    y, p = np.array(ys), np.array(ps)
    f = lambda v: "Double.NaN" if np.isnan(v) else repr(float(v))
    line = f'{{"{key[0]}", "{key[1]}", "{key[2]}", {n}, {err}, {f(lat.mean())}, {len(y)}, {f(cpu.max())}, {f(mem.mean())}'
    if key[0] == "rain_tomorrow":
        acc = np.mean((p >= 0.5) == (y == 1))
        pc = np.clip(p, 1e-15, 1 - 1e-15)
        ll = -np.mean(y * np.log(pc) + (1 - y) * np.log(1 - pc))
        auc = rank_auc(y, p) if 0 < y.sum() < len(y) else np.nan
        line += f", {f(acc)}, {f(auc)}, {f(ll)}}},"
    else:
        mae = np.mean(np.abs(p - y)); rmse = np.sqrt(np.mean((p - y) ** 2))
        line += f", {f(mae)}, {f(rmse)}, Double.NaN}},"
    print(line)
print("// labels read", len(labels), "invalid 1, unmatched 1, joined", len(labels) - 2)
