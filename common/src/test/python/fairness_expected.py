# The fairness table's literals in FairnessEvaluatorTest (issue 23): numpy 2.4, scipy 1.17 (binomtest Wilson
# intervals, contingency.relative_risk Katz interval), Newcombe from the Wilson bounds, Fairlearn spreads by hand.
import numpy as np
from scipy.stats import binomtest, norm
from scipy.stats.contingency import relative_risk
G={'A':dict(tp=120,fp=40,fn=30,tn=160,up=30,un=20),'B':dict(tp=50,fp=10,fn=60,tn=130,up=5,un=45),'C':dict(tp=3,fp=1,fn=4,tn=10,up=0,un=0)}
def W(k,n):
    ci=binomtest(k,n).proportion_ci(0.95,method='wilson'); return (ci.low,ci.high)
R={}
for g,c in G.items():
    n=c['tp']+c['fp']+c['fn']+c['tn']+c['up']+c['un']; pos=c['tp']+c['fp']+c['up']
    R[g]=dict(n=n,pos=pos,rate=pos/n,rate_ci=W(pos,n),tpr=c['tp']/(c['tp']+c['fn']),tpr_ci=W(c['tp'],c['tp']+c['fn']),
      fpr=c['fp']/(c['fp']+c['tn']),fpr_ci=W(c['fp'],c['fp']+c['tn']),prec=c['tp']/(c['tp']+c['fp']),prec_ci=W(c['tp'],c['tp']+c['fp']))
for g in 'ABC': print(g, {k:v for k,v in R[g].items()})
a,b=R['A'],R['B']
rr=relative_risk(b['pos'],b['n'],a['pos'],a['n']); ci=rr.confidence_interval(0.95)
print('DI B', rr.relative_risk, ci.low, ci.high)
def newc(x1,n1,x0,n0):
    p1,p0=x1/n1,x0/n0; l1,u1=W(x1,n1); l0,u0=W(x0,n0); d=p1-p0
    return d, d-np.sqrt((p1-l1)**2+(u0-p0)**2), d+np.sqrt((u1-p1)**2+(p0-l0)**2)
print('PD B', newc(b['pos'],b['n'],a['pos'],a['n']))
ca,cb=G['A'],G['B']
print('TPRD B', newc(cb['tp'],cb['tp']+cb['fn'],ca['tp'],ca['tp']+ca['fn']))
print('FPRD B', newc(cb['fp'],cb['fp']+cb['tn'],ca['fp'],ca['fp']+ca['tn']))
big=[R['A'],R['B']]
rates=[r['rate'] for r in big]; tprs=[r['tpr'] for r in big]; fprs=[r['fpr'] for r in big]
print('dpd',max(rates)-min(rates),'dpr',min(rates)/max(rates),'eod',max(tprs)-min(tprs),'eqodds',max(max(tprs)-min(tprs),max(fprs)-min(fprs)))
se=np.sqrt(1/b['pos']-1/b['n']+1/a['pos']-1/a['n'])
print('breach p', norm.cdf((np.log(rr.relative_risk)-np.log(0.8))/se))
