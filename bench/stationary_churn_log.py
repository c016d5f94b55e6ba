# A stationary prediction log written the way a hand-rolled Flask/Gunicorn logger might: own field
# names, local times with an offset and a space, nested inputs, HTTP status codes, labels in a
# separate CSV a day later. Nothing changes over the 14 days. numpy only (not Driftwatch's generator).
# Run in an empty directory: python3 bench/stationary_churn_log.py, then
#   bin/driftwatch analyze --config bench/stationary_churn.yaml --input serving.log.jsonl --labels outcomes.csv \
#       --output out --reference-from 2026-11-01T23:00:00Z --reference-to 2026-11-05 [--window 15m|1d]
# and count the flags after the reference: java -cp duckdb_jdbc.jar bench/AlarmCounts.java flagged out 2026-11-05 2026-11-20
import json, numpy as np, datetime as dt, csv
rng = np.random.default_rng(20261204)
start = dt.datetime(2026, 11, 2, tzinfo=dt.timezone(dt.timedelta(hours=1)))
countries = [f"c{i:03d}" for i in range(300)]
zipf = 1 / np.arange(1, 301) ** 1.1; zipf /= zipf.sum()
plans = ["free", "basic", "pro", "team", "enterprise"]; plan_p = [0.5, 0.25, 0.15, 0.07, 0.03]
n_id = 0
with open("serving.log.jsonl", "w") as out, open("outcomes.csv", "w", newline="") as lab:
    w = csv.writer(lab); w.writerow(["request", "observed_at", "churned"])
    for h in range(14 * 24):
        hour = start + dt.timedelta(hours=h)
        rate = 60 + 240 * (0.5 + 0.5 * np.sin((hour.hour - 8) / 24 * 2 * np.pi))
        for _ in range(rng.poisson(rate)):
            n_id += 1
            t = hour + dt.timedelta(seconds=float(rng.uniform(0, 3600)))
            age = float(np.round(rng.normal(41, 12), 1)); usage = float(np.round(rng.lognormal(3, 0.8), 2))
            plan = str(rng.choice(plans, p=plan_p)); country = str(rng.choice(countries, p=zipf))
            z = -1.2 + 0.03 * (age - 41) - 0.4 * np.log(usage) / 3 + (0.8 if plan == "free" else 0)
            p = 1 / (1 + np.exp(-z))
            status = 500 if rng.random() < 0.004 else 200
            rec = {"ts": t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + t.strftime("%z")[:3] + ":" + t.strftime("%z")[3:],
                   "req": f"r-{n_id}", "svc": {"name": "churn-scorer", "rev": "2026.11.1"},
                   "inputs": {"age": age, "usage_hours": usage, "plan": plan, "country": country},
                   "http_status": status, "elapsed_ms": float(np.round(rng.gamma(4, 6), 2))}
            if status == 200: rec["score"] = float(np.round(p, 5))
            out.write(json.dumps(rec) + "\n")
            if status == 200 and rng.random() < 0.6:
                y = int(rng.random() < p)
                seen = t + dt.timedelta(hours=float(rng.uniform(1, 30)))
                w.writerow([f"r-{n_id}", seen.isoformat(), "yes" if y else "no"])
print(n_id, "predictions")
