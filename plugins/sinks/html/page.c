/* The page's skeleton: the head with its inline stylesheet (screen, a
 * 375 px phone, print), and the end with the small script that makes the
 * tables sortable (the tables read the same without it). */
#include "html.h"

static const char css[] =
    ":root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa;"
    "--meets:#1a7f37;--near:#9a6700;--below:#cf222e;--insufficient:#57606a;--accent:#0969da}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
    "color:var(--fg);background:var(--bg)}\n"
    "main{max-width:72rem;margin:0 auto;padding:1rem}\n"
    "h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin:2rem 0 .5rem;"
    "border-bottom:1px solid var(--line);padding-bottom:.25rem}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}\n"
    "p.meta,.note,.more{color:var(--muted)}\n"
    "nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;list-style:none;margin:.5rem 0}\n"
    "a{color:var(--accent)}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}\n"
    ".card{border:1px solid var(--line);border-radius:6px;padding:.75rem;background:var(--bg);"
    "break-inside:avoid}\n"
    ".cards>*{min-width:0}.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}\n"
    ".card h3{margin-top:0}.score{font-size:1.8rem;font-weight:600}\n"
    ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}\n"
    "table{border-collapse:collapse;font-size:.9rem;margin:.25rem 0}\n"
    "caption{text-align:left;font-weight:600;padding:.25rem 0}\n"
    "th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}\n"
    "th{background:var(--panel);white-space:nowrap}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}\n"
    "table.figs{width:100%;table-layout:fixed}table.figs th,table.figs td{white-space:normal;overflow-wrap:anywhere}"
    "table.figs thead th:nth-child(1){width:30%}table.figs thead th:nth-child(2){width:32%}"
    "table.figs td.chart{padding:.3rem .25rem}table.figs td.chart svg{width:100%}\n"
    ".st{white-space:nowrap;font-weight:600}.meets{color:var(--meets)}.near{color:var(--near)}"
    ".below{color:var(--below)}.insufficient{color:var(--insufficient)}.none{color:var(--muted)}\n"
    "td.meets{background:#dafbe1}td.near{background:#fff8c5}td.below{background:#ffebe9}"
    "td.insufficient{background:#eaeef2}\n"
    "svg{display:block;max-width:100%;height:auto}.dot{fill:currentColor}\n"
    ".sev{font-weight:600}.critical{color:#a40e26}.breach{color:var(--below)}.advisory{color:var(--near)}"
    ".info{color:var(--muted)}\n"
    ".multiples{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}\n"
    ".multiples figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5rem}\n"
    "figcaption{font-weight:600;font-size:.9rem}figure.chart{margin:1rem 0}\n"
    ".legend{font-size:.8rem;color:var(--muted)}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}dl.facts dt{color:var(--muted)}"
    "dl.facts dd{margin:0}\n"
    "th button{all:inherit;cursor:pointer}th button::after{content:' \\2195';color:var(--muted)}\n"
    ".feedback{max-width:44rem}\n"
    "@media (max-width:40rem){body{font-size:14px}main{padding:.5rem}.cards{grid-template-columns:1fr}"
    "th,td{padding:.25rem .35rem}}\n"
    "@media print{body{font-size:10pt}main{max-width:none;padding:0}nav,th button::after{display:none}"
    ".scroll{overflow:visible}h2{break-after:avoid}table,figure,.card{break-inside:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}}\n";

/* Sorting: a button in each header of a table.sortable; rows sort by the
 * cells' data-sort (numbers) or their text.  Nothing else needs it. */
static const char script[] =
    "document.querySelectorAll('table.sortable').forEach(function(t){\n"
    " t.querySelectorAll('thead th').forEach(function(th,i){\n"
    "  var b=document.createElement('button');b.type='button';b.textContent=th.textContent;\n"
    "  th.textContent='';th.appendChild(b);var up=true;\n"
    "  b.addEventListener('click',function(){\n"
    "   var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);\n"
    "   var key=function(r){var c=r.cells[i];if(!c)return '';var v=c.getAttribute('data-sort');"
    "return v===null?c.textContent:parseFloat(v);};\n"
    "   rows.sort(function(a,b){var x=key(a),y=key(b);var d=(typeof x==='number'&&typeof y==='number')?x-y:"
    "String(x).localeCompare(String(y));return up?d:-d;});\n"
    "   up=!up;t.querySelectorAll('thead th').forEach(function(o){o.removeAttribute('aria-sort');});\n"
    "   th.setAttribute('aria-sort',up?'descending':'ascending');\n"
    "   rows.forEach(function(r){body.appendChild(r);});});});});\n";

void page_begin(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"ccscore\">\n<title>",
          f);
    h_esc(f, title);
    fputs("</title>\n<style>\n", f);
    fputs(css, f);
    fputs("</style>\n</head>\n<body>\n<main>\n", f);
}

void page_end(FILE *f)
{
    fputs("</main>\n<script>\n", f);
    fputs(script, f);
    fputs("</script>\n</body>\n</html>\n", f);
}
