"""CBPE's known answers for CbpeTest, in numpy, from the definitions (not the Java code): histogram
calibration p_b = (y_b + 1/2) / (n_b + 1) on the reference's 20 bins, expected confusion matrix of the
window, metrics, their standard errors by the delta method; AUC of the expected per-bin positives and
negatives with ties one half, Hanley–McNeil. A Monte Carlo draw of labels from p_b checks that the
standard errors are the realised metrics' spread. Run: python3 cbpe_expected.py"""
import numpy as np

B = 20
# reference: per bin labeled and labeled positive counts; window: per bin predicted positive / negative
ref_lab = np.array([(37 * b) % 50 + 20 for b in range(B)])
ref_pos = np.array([int(round(ref_lab[b] * (b + 0.5) / B * 0.9)) for b in range(B)])
thr_bin = 10  # threshold 0.5: bins 10.. predicted positive
win = np.array([(53 * b) % 70 + 30 for b in range(B)])
win_pos = np.where(np.arange(B) >= thr_bin, win, 0)
win_neg = win - win_pos
p = (ref_pos + 0.5) / (ref_lab + 1.0)

tp = (win_pos * p).sum(); fp = (win_pos * (1 - p)).sum(); fn = (win_neg * p).sum(); tn = (win_neg * (1 - p)).sum()
vtp = (win_pos * p * (1 - p)).sum(); vfn = (win_neg * p * (1 - p)).sum()
n = win.sum(); npos = win_pos.sum()
prec = tp / npos; se_prec = np.sqrt(vtp) / npos
rec = tp / (tp + fn); se_rec = np.sqrt(fn**2 * vtp + tp**2 * vfn) / (tp + fn) ** 2
d = npos + tp + fn
f1 = 2 * tp / d; se_f1 = np.sqrt((2 * (npos + fn)) ** 2 * vtp + (2 * tp) ** 2 * vfn) / d**2
acc = (tp + tn) / n; se_acc = np.sqrt(vtp + vfn) / n
P = win * p; Q = win * (1 - p)
u = sum(P[b] * (Q[:b].sum() + Q[b] / 2) for b in range(B))
auc = u / (P.sum() * Q.sum())
q1 = auc / (2 - auc); q2 = 2 * auc**2 / (1 + auc)
se_auc = np.sqrt((auc * (1 - auc) + (P.sum() - 1) * (q1 - auc**2) + (Q.sum() - 1) * (q2 - auc**2)) / (P.sum() * Q.sum()))
for name, v, se in [("precision", prec, se_prec), ("recall", rec, se_rec), ("f1", f1, se_f1), ("accuracy", acc, se_acc), ("roc_auc", auc, se_auc)]:
    print("%-9s %.17g se %.17g" % (name, v, se))

# Monte Carlo: labels drawn from p_b, realised F1's spread against the delta method's
rng = np.random.default_rng(1)
f1s = []
for _ in range(20000):
    ytp = rng.binomial(win_pos, p).sum(); yfn = rng.binomial(win_neg, p).sum()
    f1s.append(2 * ytp / (npos + ytp + yfn))
print("monte carlo f1 mean %.4f sd %.5f (delta %.5f)" % (np.mean(f1s), np.std(f1s), se_f1))
