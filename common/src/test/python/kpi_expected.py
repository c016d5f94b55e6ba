"""Known answers for common/src/test/java/io/driftwatch/common/kpi/*Test.java.

Run: python3 common/src/test/python/kpi_expected.py
Prints the seeded inputs as Java array literals and the expected KPIs, computed independently with
numpy/scipy (no Driftwatch code). The tests paste these literals.
"""
import numpy as np
from scipy import stats

rng = np.random.default_rng(20261129)

def jarr(a, fmt="{:.2f}"):
    return "{" + ", ".join(fmt.format(x) for x in a) + "}"

# ---- binary classification: 40 scores rounded to 2 decimals (ties), 30 labeled, threshold 0.5
n = 40
scores = np.round(rng.uniform(0, 1, n), 2)
labels = (rng.uniform(0, 1, n) < 0.3 + 0.5 * scores).astype(float)
labels[30:] = np.nan  # last 10 unlabeled
print("binary scores =", jarr(scores))
print("binary labels =", jarr(labels, "{:.0f}").replace("nan", "Double.NaN"))
lab = ~np.isnan(labels)
s, y = scores[lab], labels[lab]
pred = s >= 0.5
tp = np.sum(pred & (y == 1)); fp = np.sum(pred & (y == 0)); fn = np.sum(~pred & (y == 1)); tn = np.sum(~pred & (y == 0))
print("tp fp fn tn", tp, fp, fn, tn)
print("accuracy", repr((tp + tn) / len(y)))
print("precision", repr(tp / (tp + fp)))
print("recall", repr(tp / (tp + fn)))
print("f1", repr(2 * tp / (2 * tp + fp + fn)))
u = stats.mannwhitneyu(s[y == 1], s[y == 0]).statistic
print("roc_auc", repr(u / (np.sum(y == 1) * np.sum(y == 0))))
p = np.clip(s, 1e-15, 1 - 1e-15)
print("log_loss", repr(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))))
print("brier", repr(np.mean((s - y) ** 2)))
print("estimated_accuracy", repr(np.mean(np.where(scores >= 0.5, scores, 1 - scores))))
print("positive_rate", repr(np.mean(scores >= 0.5)))
print("mean_prediction", repr(np.mean(scores)))
print("label_positive_rate", repr(np.mean(y)))

# ---- draws kept so that the literals below stay as pasted (the binned AUC test generates its own data)
m = 300_000
y2 = rng.uniform(0, 1, m) < 0.4
s2 = np.clip(rng.normal(0.45 + 0.15 * y2, 0.2), 0, 1)
u2 = stats.mannwhitneyu(s2[y2], s2[~y2]).statistic

# ---- multiclass: 30 predictions, 25 labeled
classes = np.array(["cat", "dog", "bird", "fish"])
yt = classes[rng.integers(0, 3, 25)]  # fish never a label
yp = np.where(rng.uniform(0, 1, 25) < 0.6, yt, classes[rng.integers(0, 4, 25)])
print("multiclass labels =", "{" + ", ".join('"%s"' % c for c in yt) + "}")
print("multiclass predictions =", "{" + ", ".join('"%s"' % c for c in yp) + "}")
cl = sorted(set(yt) | set(yp))
P, R, F = [], [], []
for c in cl:
    tp = np.sum((yp == c) & (yt == c)); fp = np.sum((yp == c) & (yt != c)); fn = np.sum((yp != c) & (yt == c))
    if tp + fp > 0: P.append(tp / (tp + fp))
    if tp + fn > 0: R.append(tp / (tp + fn))
    F.append(2 * tp / (2 * tp + fp + fn))
print("mc accuracy", repr(np.mean(yt == yp)))
print("mc macro precision", repr(np.mean(P)))
print("mc macro recall", repr(np.mean(R)))
print("mc macro f1", repr(np.mean(F)))

# ---- regression: 30 predictions, 25 labeled, two labels exactly 0
yt = np.round(rng.normal(10, 4, 25), 3)
yt[3] = 0.0; yt[17] = 0.0
yp = np.round(yt + rng.normal(0, 2, 25), 3)
extra = np.round(rng.normal(10, 4, 5), 3)
print("regression labels =", jarr(yt, "{:.3f}"))
print("regression predictions =", jarr(yp, "{:.3f}"))
print("regression unlabeled predictions =", jarr(extra, "{:.3f}"))
err = yp - yt
nz = yt != 0
print("mae", repr(np.mean(np.abs(err))))
print("rmse", repr(np.sqrt(np.mean(err ** 2))))
print("mape", repr(np.mean(np.abs(err[nz] / yt[nz]))))
print("r2", repr(1 - np.sum(err ** 2) / np.sum((yt - yt.mean()) ** 2)))
print("mean_prediction (all 30)", repr(np.mean(np.concatenate([yp, extra]))))
