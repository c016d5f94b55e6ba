#!/usr/bin/env python3
"""A loan-default scorer's log, not from Driftwatch's generator (the new-user run of 2026-12-05; docs/guide/decisions.md
false-alarm table): 21 days from 2026-10-05 at -05:00, ~1,800 predictions a day in its own field names
(at, loan.ref, scorer.name/rev, payload, p_default, ms, code; 0.4 % HTTP 503 without a score), 70 % labeled in
defaults.csv (loan_ref, decided_at as MM/dd/yyyy HH:mm, defaulted yes/no) 1-9 days late. Nothing changes.
Config: bench/loan_default.yaml. Usage: bench/loan_default_log.py [OUT_DIR]"""
import sys, os
import json, random, math, datetime as dt
random.seed(11)
tz = dt.timezone(dt.timedelta(hours=-5))
start = dt.datetime(2026, 10, 5, 0, 0, tzinfo=tz)
d = sys.argv[1] if len(sys.argv) > 1 else "."
out = open(os.path.join(d, "scoring.log.jsonl"), "w"); lab = open(os.path.join(d, "defaults.csv"), "w"); lab.write("loan_ref,decided_at,defaulted\n")
n = 0
for day in range(21):
    for k in range(1800 + random.randint(-100, 100)):
        t = start + dt.timedelta(days=day, seconds=random.uniform(0, 86400))
        income = random.lognormvariate(10.8, 0.5); dti = random.betavariate(2, 5); grade = random.choices("ABCDEFG", [30,25,18,12,8,5,2])[0]
        z = -2.0 + 2.5 * dti - 0.3 * (math.log(income) - 10.8) + 0.25 * "ABCDEFG".index(grade)
        p = 1 / (1 + math.exp(-z)); n += 1
        ref = f"L{n:07d}"
        rec = {"at": t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + t.strftime("%z")[:3] + ":" + t.strftime("%z")[3:],
               "loan": {"ref": ref}, "scorer": {"name": "default_risk", "rev": "2026.09"},
               "payload": {"income": round(income, 2), "dti": round(dti, 4), "grade": grade, "state": random.choice(["NY","NJ","CT","PA"])},
               "p_default": round(p, 5), "ms": round(random.gammavariate(3, 6), 2), "code": 200 if random.random() > 0.004 else 503}
        if rec["code"] != 200: rec.pop("p_default")
        out.write(json.dumps(rec) + "\n")
        if random.random() < 0.7:
            lt = t + dt.timedelta(days=random.uniform(1, 9))
            lab.write(f"{ref},{lt.strftime('%m/%d/%Y %H:%M')},{'yes' if random.random() < p else 'no'}\n")
print(n)
