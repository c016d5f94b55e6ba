"""CBPE's known answers for CbpeTest, in numpy, from the definitions (not the Java code): histogram
calibration p_b = (y_b + 1/2) / (n_b + 1) on the reference's 20 bins, expected confusion matrix of the
window, metrics, their standard errors by the delta method; AUC of the expected per-bin positives and
negatives with ties one half, Hanley–McNeil. The standard errors count two noises: the window's labels
(Bernoulli draws given the calibration) and the calibration's own, learned from n_b reference labels
(Jeffreys' posterior variance p_b (1 - p_b) / (n_b + 2); a bin shared by TP and FN moves both). Monte
Carlo draws of the reference's labels and the window's from one truth check that the standard errors
are the spread of realised minus estimated. Run: python3 cbpe_expected.py"""
import numpy as np

B = 20
# reference: per bin labeled and labeled positive counts; window: per bin predicted positive / negative
ref_lab = np.array([(37 * b) % 50 + 20 for b in range(B)])
ref_pos = np.array([int(round(ref_lab[b] * (b + 0.5) / B * 0.9)) for b in range(B)])
thr_bin = 10  # threshold 0.5: bins 10.. predicted positive
win = np.array([(53 * b) % 70 + 30 for b in range(B)])
win_pos = np.where(np.arange(B) >= thr_bin, win, 0)
win_neg = win - win_pos
def ses(win_pos, win_neg, p, v):
    """precision, recall, f1, accuracy and their standard errors; v: the calibration's variance per bin"""
    tp = (win_pos * p).sum(); fn = (win_neg * p).sum(); tn = (win_neg * (1 - p)).sum()
    vtp = (win_pos * p * (1 - p)).sum() + (win_pos**2 * v).sum()
    vfn = (win_neg * p * (1 - p)).sum() + (win_neg**2 * v).sum()
    cov = (win_pos * win_neg * v).sum()
    n = (win_pos + win_neg).sum(); npos = win_pos.sum()
    prec = tp / npos; se_prec = np.sqrt(vtp) / npos
    P = tp + fn; a, b = fn / P**2, -tp / P**2
    rec = tp / P; se_rec = np.sqrt(a * a * vtp + b * b * vfn + 2 * a * b * cov)
    d = npos + tp + fn; a, b = 2 * (npos + fn) / d**2, -2 * tp / d**2
    f1 = 2 * tp / d; se_f1 = np.sqrt(a * a * vtp + b * b * vfn + 2 * a * b * cov)
    acc = (tp + tn) / n; se_acc = np.sqrt(vtp + vfn - 2 * cov) / n
    return prec, se_prec, rec, se_rec, f1, se_f1, acc, se_acc

def calibration(lab, pos):
    p = np.where(lab > 0, (pos + 0.5) / (lab + 1.0), (np.arange(B) + 0.5) / B)
    return p, p * (1 - p) / (lab + 2.0)

p, v = calibration(ref_lab, ref_pos)
n = win.sum(); npos = win_pos.sum()
prec, se_prec, rec, se_rec, f1, se_f1, acc, se_acc = ses(win_pos, win_neg, p, v)
P = win * p; Q = win * (1 - p)
u = sum(P[b] * (Q[:b].sum() + Q[b] / 2) for b in range(B))
auc = u / (P.sum() * Q.sum())
q1 = auc / (2 - auc); q2 = 2 * auc**2 / (1 + auc)
se_auc = np.sqrt((auc * (1 - auc) + (P.sum() - 1) * (q1 - auc**2) + (Q.sum() - 1) * (q2 - auc**2)) / (P.sum() * Q.sum()))
for name, v, se in [("precision", prec, se_prec), ("recall", rec, se_rec), ("f1", f1, se_f1), ("accuracy", acc, se_acc), ("roc_auc", auc, se_auc)]:
    print("%-9s %.17g se %.17g" % (name, v, se))

# Monte Carlo: the truth is p_b; each draw labels a reference like the one above (its calibration
# learned anew) and the window; the spread of realised minus estimated F1 against the standard error
def monte_carlo(lab, rng, draws=20000):
    diff, se = [], []
    for _ in range(draws):
        pos = rng.binomial(lab, p)
        pc, vc = calibration(lab, pos)
        e = ses(win_pos, win_neg, pc, vc)
        ytp = rng.binomial(win_pos, p).sum(); yfn = rng.binomial(win_neg, p).sum()
        diff.append(2 * ytp / (npos + ytp + yfn) - e[4]); se.append(e[5])
    return np.std(diff), np.mean(se)
rng = np.random.default_rng(1)
for scale, name in [(1, "reference as above (20-69 labels a bin)"), (10, "ten times its labels")]:
    sd, mse = monte_carlo(ref_lab * scale, rng)
    print("monte carlo, %s: realised - estimated f1 sd %.5f, mean se %.5f" % (name, sd, mse))