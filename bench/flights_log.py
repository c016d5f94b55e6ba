#!/usr/bin/env python3
"""A prediction log shaped like the BTS on-time flights log (issue 26's "flights shape"), generated.

One JSON line per scheduled flight, 2026-01-01 .. 2026-06-30, about 16,500 a day (3.0M lines, 1.1 GB
by default; the real log was 776 MB, its lines shorter), written by a delay model's server: time, model,
score and inline label, and a `features` object with 16 BTS-style columns of which the bench's config
uses five (carrier, origin, destination, distance, scheduled departure): 11 of a line's 20 fields
(55 %, about half its bytes) are never read by the monitor (tail and flight numbers, states, actual
times, flags). Origin and destination are drawn from 350 airports (Zipf-like), tail numbers from 6,000. The score is a calibrated
logistic model of hour, carrier and origin; the label (arrived 15+ minutes late) is drawn from it.
Nothing changes over the half year (each day is drawn alike), so every flag is a false
alarm. Deterministic for a given --seed.

Usage: bench/flights_log.py OUT.jsonl [--rows 3000000] [--seed 7]
"""
import argparse
import datetime as dt

import numpy as np

CARRIERS = ["AA", "DL", "UA", "WN", "B6", "AS", "NK", "F9", "G4", "HA", "MQ", "OO", "YX", "9E", "OH", "QX", "ZW"]
STATES = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
          "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
          "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=3_000_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    airports = ["".join(rng.choice(letters, 3)) for _ in range(350)]
    airport_state = rng.integers(0, len(STATES), 350)
    popularity = 1.0 / np.arange(1, 351) ** 0.9
    popularity /= popularity.sum()
    carrier_share = rng.dirichlet(np.full(len(CARRIERS), 2.0))
    carrier_effect = rng.normal(0, 0.35, len(CARRIERS))
    origin_effect = rng.normal(0, 0.25, 350)
    coords = rng.uniform(0, 2600, (350, 2))
    tails = [f"N{rng.integers(100, 999)}{''.join(rng.choice(letters, 2))}" for _ in range(6000)]

    n = a.rows
    days = 181  # 2026-01-01 .. 2026-06-30
    day = np.sort(rng.integers(0, days, n))
    dep_min = np.clip(rng.normal(13 * 60, 4.2 * 60, n), 5 * 60, 23 * 60 + 59).astype(int)
    order = np.lexsort((dep_min, day))
    day, dep_min = day[order], dep_min[order]
    carrier = rng.choice(len(CARRIERS), n, p=carrier_share)
    origin = rng.choice(350, n, p=popularity)
    dest = rng.choice(350, n, p=popularity)
    dest = np.where(dest == origin, (dest + 1) % 350, dest)
    distance = np.maximum(67, np.hypot(*(coords[origin] - coords[dest]).T)).astype(int)
    elapsed = (distance / 7.8 + 28 + rng.normal(0, 6, n)).astype(int)
    hour = dep_min // 60
    weekday = (day + 3) % 7  # 2026-01-01 was a Thursday
    logit = -1.6 + 0.07 * (hour - 13) + carrier_effect[carrier] + origin_effect[origin]
    score = 1 / (1 + np.exp(-logit))
    label = (rng.random(n) < score).astype(int)
    dep_delay = np.where(label == 1, rng.exponential(45, n) + 15, rng.normal(-3, 6, n)).astype(int)
    taxi_out = rng.integers(8, 35, n)
    tail = rng.integers(0, len(tails), n)
    fl_num = rng.integers(1, 6000, n)
    start = dt.date(2026, 1, 1)
    dates = [(start + dt.timedelta(days=int(d))).isoformat() for d in range(days)]
    with open(a.out, "w") as f:
        lines = []
        for i in range(n):
            d, m = day[i], dep_min[i]
            o, de, c = origin[i], dest[i], carrier[i]
            arr = (m + elapsed[i]) % 1440
            lines.append(
                f'{{"timestamp":"{dates[d]}T{m // 60:02d}:{m % 60:02d}:00Z","model":"delay_model",'
                f'"prediction":{score[i]:.4f},"label":{label[i]},"features":{{'
                f'"OP_CARRIER":"{CARRIERS[c]}","OP_CARRIER_FL_NUM":{fl_num[i]},"TAIL_NUM":"{tails[tail[i]]}",'
                f'"ORIGIN":"{airports[o]}","ORIGIN_STATE":"{STATES[airport_state[o]]}","DEST":"{airports[de]}",'
                f'"DEST_STATE":"{STATES[airport_state[de]]}","CRS_DEP_TIME":{m // 60 * 100 + m % 60},'
                f'"DEP_DELAY":{dep_delay[i]},"TAXI_OUT":{taxi_out[i]},"CRS_ARR_TIME":{arr // 60 * 100 + arr % 60},'
                f'"CRS_ELAPSED_TIME":{elapsed[i]},"DISTANCE":{distance[i]},"DAY_OF_WEEK":{weekday[i] + 1},'
                f'"CANCELLED":0,"DIVERTED":0}}}}\n')
            if len(lines) == 100_000:
                f.writelines(lines)
                lines = []
        f.writelines(lines)


if __name__ == "__main__":
    main()
