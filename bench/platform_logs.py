#!/usr/bin/env python3
"""Writes N inferences three ways for bench/platforms.sh: as KServe logger events (structured
CloudEvents, V2 bodies, request and response apart, every fifth response before its request, every
fourth request a batch of three rows), as SageMaker Data Capture records (CSV payloads, one file per
hour under <endpoint>/<variant>/yyyy/mm/dd/hh/), and as the same predictions in Driftwatch's own
fields. Deterministic for the seed. Usage: platform_logs.py N OUTDIR"""
import json, os, random, sys, datetime

n, out = int(sys.argv[1]), sys.argv[2]
random.seed(7)
os.makedirs(out, exist_ok=True)
t0 = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
step = 7 * 86400 / n
names = ["f%d" % i for i in range(5)]
ev = open(os.path.join(out, "kserve.jsonl"), "w")
own = open(os.path.join(out, "own.jsonl"), "w")
sm_files = {}
def iso(t): return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")
for k in range(n):
    rid = "r%09d" % k
    t = t0 + datetime.timedelta(seconds=k * step)
    rows = 3 if k % 4 == 3 else 1
    lat = random.randint(2, 90)
    X = [[round(random.gauss(0, 1), 4) for _ in names] for _ in range(rows)]
    S = [round(random.random(), 4) for _ in range(rows)]
    for i in range(rows):
        pid = rid if rows == 1 else "%s#%d" % (rid, i)
        own.write(json.dumps({"prediction_id": pid, "timestamp": iso(t), "model": "m", "model_version": "v1",
                              "endpoint": "default", "latency_ms": lat, "features": dict(zip(names, X[i])),
                              "prediction": S[i]}) + "\n")
    base = {"specversion": "1.0", "id": rid, "source": "http://localhost:9081/", "inferenceservicename": "m",
            "namespace": "ml", "component": "predictor", "endpoint": "default", "datacontenttype": "application/json"}
    req = dict(base, type="org.kubeflow.serving.inference.request", time=iso(t),
               data={"inputs": [{"name": f, "shape": [rows, 1], "datatype": "FP64", "data": [x[j] for x in X]}
                                for j, f in enumerate(names)]})
    res = dict(base, type="org.kubeflow.serving.inference.response", time=iso(t + datetime.timedelta(milliseconds=lat)),
               data={"model_name": "m", "model_version": "v1",
                     "outputs": [{"name": "score", "shape": [rows, 1], "datatype": "FP64", "data": S}]})
    pair = [res, req] if k % 5 == 0 else [req, res]
    for e in pair: ev.write(json.dumps(e) + "\n")
    hour = t.strftime("%Y/%m/%d/%H")
    f = sm_files.get(hour)
    if f is None:
        d = os.path.join(out, "datacapture", "m", "v1", hour)
        os.makedirs(d, exist_ok=True)
        for old in sm_files.values(): old.close()
        sm_files.clear()
        f = sm_files[hour] = open(os.path.join(d, "capture.jsonl"), "w")
    f.write(json.dumps({"captureData": {
        "endpointInput": {"observedContentType": "text/csv", "mode": "INPUT", "encoding": "CSV",
                          "data": "\n".join(",".join(str(v) for v in x) for x in X)},
        "endpointOutput": {"observedContentType": "text/csv", "mode": "OUTPUT", "encoding": "CSV",
                           "data": "\n".join(str(s) for s in S)}},
        "eventMetadata": {"eventId": rid, "inferenceTime": iso(t)}, "eventVersion": "0"}) + "\n")
for f in sm_files.values(): f.close()
ev.close(); own.close()
