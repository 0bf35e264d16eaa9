#include "report/html_assets.hpp"

namespace stompspec::html_assets {

std::string_view base_css() {
  return R"css(
:root{--fg:#1f2328;--muted:#656d76;--bg:#fff;--panel:#f6f8fa;--line:#d0d7de;
--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--info:#0969da;--skip:#6e7781;
--error:#8250df;--xfail:#a0622d;--xpass:#0a7d8c;--mark:#8c959f;--hex:#bf3989}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;
--panel:#161b22;--line:#30363d;--pass:#3fb950;--fail:#f85149;--warn:#d29922;
--info:#4493f8;--skip:#9198a1;--error:#ab7df8;--xfail:#db8a4a;--xpass:#39c5cf;
--mark:#6e7681;--hex:#ff7bbf}}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);background:var(--bg)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
h1{font-size:20px;margin:0 0 8px}
.st-pass{--st:var(--pass)}.st-fail{--st:var(--fail)}.st-warn{--st:var(--warn)}
.st-info{--st:var(--info)}.st-skip{--st:var(--skip)}.st-error{--st:var(--error)}
.st-xfail{--st:var(--xfail)}.st-xpass{--st:var(--xpass)}
.badge{display:inline-block;min-width:4.2em;padding:1px 6px;border-radius:4px;
background:var(--st);color:#fff;font-weight:600;font-size:12px;text-align:center;
text-transform:uppercase;letter-spacing:.03em}
)css";
}

std::string_view report_css() {
  return R"css(
header{background:var(--panel);border-bottom:1px solid var(--line);padding:12px 20px}
.meta{display:flex;flex-wrap:wrap;gap:4px 22px;margin:0 0 8px;color:var(--muted)}
.meta div{white-space:nowrap}.meta b{color:var(--fg);font-weight:600}
.summary{margin:0 0 10px;font-weight:600}
.filters{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.chip{display:inline-flex;gap:6px;align-items:center;border:1px solid var(--line);
border-left:4px solid var(--st);border-radius:14px;padding:2px 10px;cursor:pointer;
background:var(--bg);user-select:none}
.chip.zero{opacity:.45}.chip input{margin:0}
.filters input[type=search]{padding:4px 8px;border:1px solid var(--line);border-radius:6px;
min-width:16em;background:var(--bg);color:var(--fg)}
.filters button{padding:3px 10px;border:1px solid var(--line);border-radius:6px;
background:var(--bg);color:var(--fg);cursor:pointer}
#shown{color:var(--muted);margin-left:auto}
main{padding:8px 20px 40px}
.row{display:grid;grid-template-columns:5.5em minmax(14em,22em) 4.5em 5.5em 6em 1fr;
gap:10px;align-items:baseline;padding:4px 8px}
.row.head{font-weight:600;color:var(--muted);border-bottom:1px solid var(--line)}
.row .num{text-align:right}
details.case{border-bottom:1px solid var(--line);border-left:3px solid transparent}
details.case[open]{border-left-color:var(--st);background:var(--panel)}
details.case>summary{list-style:none;cursor:pointer}
details.case>summary::-webkit-details-marker{display:none}
details.case>summary:hover{background:var(--panel)}
.id{overflow-wrap:anywhere}
.id::before{content:"\25B8\00A0";color:var(--muted)}
details[open]>summary .id::before{content:"\25BE\00A0"}
.why{display:block;color:var(--muted);font-size:12.5px}
.detail{padding:6px 12px 14px 20px}
.fields{display:grid;grid-template-columns:8.5em 1fr;gap:4px 12px;margin:4px 0 12px}
.fields dt{color:var(--muted);text-align:right}.fields dd{margin:0}
.fields pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.lvl{font-weight:700}
table.wire{border-collapse:collapse;width:100%;table-layout:fixed}
table.wire td{vertical-align:top;padding:2px 6px;border-top:1px solid var(--line)}
table.wire td.t{width:6.5em;text-align:right;color:var(--muted)}
table.wire td.c{width:8em;overflow-wrap:anywhere}
table.wire td.k{width:1.6em;text-align:center;font-weight:700}
tr.sent td.k{color:var(--info)}tr.received td.k{color:var(--pass)}tr.event td.k{color:var(--muted)}
tr.event pre{color:var(--muted);font-style:italic}
table.wire pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.m{font-size:9px;line-height:1;border:1px solid var(--mark);border-radius:3px;padding:0 2px;
margin:0 1px;color:var(--mark);vertical-align:1px;user-select:none}
.x{color:var(--hex);font-weight:600}
.trunc{color:var(--warn);font-style:italic}
.empty{color:var(--muted);font-style:italic}
a.perma{color:var(--muted);text-decoration:none;margin-left:6px}
)css";
}

std::string_view report_js() {
  return R"js(
(function(){
  var boxes=[].slice.call(document.querySelectorAll('.chip input'));
  var search=document.getElementById('q');
  var shown=document.getElementById('shown');
  var cases=[].slice.call(document.querySelectorAll('details.case'));
  var text=cases.map(function(c){return c.querySelector('summary').textContent.toLowerCase();});
  function apply(){
    var on={};boxes.forEach(function(b){on[b.value]=b.checked;});
    var q=search.value.trim().toLowerCase(),n=0;
    cases.forEach(function(c,i){
      var show=on[c.dataset.status]&&(!q||text[i].indexOf(q)>=0);
      c.hidden=!show;if(show)n++;
    });
    shown.textContent=n+' of '+cases.length+' shown';
  }
  function only(list){boxes.forEach(function(b){b.checked=list.indexOf(b.value)>=0;});apply();}
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  search.addEventListener('input',apply);
  document.getElementById('problems').onclick=function(){only(['fail','error','warn','xpass']);};
  document.getElementById('all').onclick=function(){only(boxes.map(function(b){return b.value;}));};
  function openAll(v){cases.forEach(function(c){if(!c.hidden)c.open=v;});}
  document.getElementById('expand').onclick=function(){openAll(true);};
  document.getElementById('collapse').onclick=function(){openAll(false);};
  function openHash(){
    var id=decodeURIComponent(location.hash.slice(1));
    var el=id&&document.getElementById(id);
    if(el&&el.tagName==='DETAILS'){el.open=true;el.hidden=false;el.scrollIntoView();}
  }
  window.addEventListener('hashchange',openHash);
  apply();openHash();
})();
)js";
}

std::string_view matrix_css() {
  return R"css(
body{padding:16px 20px}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 12px}
table.matrix{border-collapse:collapse}
table.matrix th,table.matrix td{border:1px solid var(--line);padding:3px 8px}
table.matrix thead th{position:sticky;top:0;background:var(--panel);vertical-align:bottom}
table.matrix th.case{text-align:left;font-weight:normal;white-space:nowrap}
table.matrix td{text-align:center}
table.matrix td.none{color:var(--muted)}
.sub{display:block;font-weight:normal;color:var(--muted);font-size:12px}
)css";
}

}  // namespace stompspec::html_assets
