/** The dashboard's style sheet. */
export const DASHBOARD_CSS = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1c2430;background:#f4f6f9}
header{background:#1f3a5f;color:#fff;padding:.8rem 1.5rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between}
header h1{margin:0;font-size:1.25rem}
.live{font-size:.9rem;display:flex;gap:.4rem;align-items:center;cursor:pointer}
main{padding:1rem 1.5rem;max-width:90rem}
.meta code{white-space:nowrap}
section{background:#fff;border-radius:8px;padding:.5rem 1rem 1rem;margin:1rem 0;box-shadow:0 1px 3px rgba(0,0,0,.07)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid #e3e7ec}
code{font-size:.85em}
.id{white-space:nowrap}
.url{overflow-wrap:normal}
.excerpt{display:inline-block;max-width:24rem;overflow-wrap:anywhere;color:#3d4654}
.receiver-code{background:#fdecea;color:#8a1c12;padding:0 .3rem;border-radius:3px}
.muted{color:#5a6472}
ol{margin:0;padding-left:1.2rem;min-width:16rem}
.ok{color:#1b6b2f}.bad{color:#b3261e}
.status{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.85em;background:#e8ebf0;white-space:nowrap}
.status--succeeded{background:#e3f4e6;color:#1b5e20}.status--failed{background:#fdecea;color:#8a1c12}.status--pending{background:#fff4d6;color:#6b4e00}
.button{font:inherit;font-size:.9rem;padding:.35rem .9rem;border-radius:6px;border:1px solid #1f3a5f;background:#1f3a5f;color:#fff;cursor:pointer}
.button:hover{background:#2c5282}
a{color:#1d4f91}
@media (max-width:48em){
main{padding:.75rem}section{padding:.5rem .75rem .75rem}
.scroll{overflow:visible}
thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
tr{display:block;border-bottom:1px solid #c9d0d9;padding:.4rem 0}
td{display:block;border:0;padding:.2rem 0}
td[data-label]:not([data-label=""])::before{content:attr(data-label);display:block;font-size:.8em;font-weight:600;color:#5a6472;text-transform:uppercase;letter-spacing:.03em}
.url,.excerpt{white-space:normal;overflow-wrap:anywhere}
ol{min-width:0}
}
a:focus,.button:focus,input:focus,.scroll:focus{outline:3px solid #f2b84b;outline-offset:1px}
`;

// Live view: fetch the page again and swap in its main part when it changed, keeping the scroll
// position. Paused while the tab is hidden, the box is unticked, or a button has focus.
export const LIVE_SCRIPT = `(function(){var box=document.getElementById('kf-live');
try{box.checked=localStorage.getItem('kf-live')!=='off'}catch(e){}
box.addEventListener('change',function(){try{localStorage.setItem('kf-live',box.checked?'on':'off')}catch(e){}});
setInterval(function(){if(!box.checked||document.hidden)return;var a=document.activeElement;if(a&&a.tagName==='BUTTON')return;
fetch(location.pathname,{headers:{accept:'text/html'}}).then(function(r){return r.text()}).then(function(t){
var next=new DOMParser().parseFromString(t,'text/html').getElementById('kf-dashboard'),cur=document.getElementById('kf-dashboard');
if(next&&cur&&next.innerHTML!==cur.innerHTML)cur.innerHTML=next.innerHTML}).catch(function(){})},3000)})();`;
