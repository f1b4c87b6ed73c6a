"""Cross-site scripting payloads an editor might paste, knowingly or not, from a wire or a web page.

Each payload that managed to run would call ``xss(N)`` (or alert/confirm/prompt):
the browser test records every such call and fails on the first one.
Grouped by the classes of attack they stand for.
"""

SCRIPT_TAGS = [
    "<script>xss(1)</script>",
    "<SCRIPT SRC=//127.0.0.1:9/x.js></SCRIPT>",
    "<script>xss(3)//",
    "</title><script>xss(4)</script>",
    "</textarea><script>xss(5)</script>",
    '"><script>xss(6)</script>',
    "'><script>xss(7)</script>",
    "<scr<script>ipt>xss(8)</scr</script>ipt>",
    '<script type="module">xss(9)</script>',
    "--></script><script>xss(10)</script>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=xss(11)>",
    '<img src="x" onerror="xss(12)">',
    "<svg onload=xss(13)>",
    "<body onload=xss(14)>",
    '<div onmouseover="xss(15)">survol</div>',
    "<input autofocus onfocus=xss(16)>",
    "<details open ontoggle=xss(17)>",
    '<video><source onerror="xss(18)"></video>',
    "<audio src=x onerror=xss(19)>",
    "<iframe onload=xss(20)></iframe>",
    "<p onclick=xss(21)>clic</p>",
    '<a href="#" onfocus=xss(22) autofocus>lien</a>',
    "<marquee onstart=xss(23)>défilant</marquee>",
    "<object data=x onerror=xss(24)>",
    "<x onclick=xss(25)>élément inconnu</x>",
]

URL_SCHEMES = [
    '<a href="javascript:xss(26)">lien</a>',
    '<a href="JaVaScRiPt:xss(27)">lien</a>',
    '<a href="&#106;avascript:xss(28)">lien</a>',
    '<a href="java&#x09;script:xss(29)">lien</a>',
    '<a href=" javascript:xss(30)">lien</a>',
    '<iframe src="javascript:xss(31)"></iframe>',
    '<form action="javascript:xss(32)"><button>envoyer</button></form>',
    '<a href="vbscript:xss(33)">lien</a>',
    '<a href="data:text/html,<script>xss(34)</script>">lien</a>',
    '<iframe src="data:text/html;base64,PHNjcmlwdD5wYXJlbnQueHNzKDM1KTwvc2NyaXB0Pg=="></iframe>',
    '<object data="data:text/html,<script>xss(36)</script>"></object>',
    '<embed src="data:image/svg+xml,<svg onload=xss(37)>">',
]

SVG_AND_MATHML = [
    "<svg><script>xss(38)</script></svg>",
    "<svg><animate onbegin=xss(39) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:xss(40)"><text x=20 y=20>lien</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=xss(41)>",
    '<math href="javascript:xss(42)">clic</math>',
    "<svg><foreignObject><img src=x onerror=xss(43)></foreignObject></svg>",
    "<svg><style><img src=x onerror=xss(44)></style></svg>",
]

ENCODING_TRICKS = [
    "&lt;script&gt;xss(45)&lt;/script&gt;",
    "&#60;img src=x onerror=xss(46)&#62;",
    "\\u003cscript\\u003exss(47)\\u003c/script\\u003e",
    "%3Cscript%3Exss(48)%3C/script%3E",
    '<img src=x onerror="&#x78;&#x73;&#x73;(49)">',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;xss(50)">lien</a>',
    "\uff1cscript\uff1exss(51)\uff1c/script\uff1e",
    '<a href="jav&NewLine;ascript:xss(52)">lien</a>',
]

BROKEN_MARKUP = [
    '<img src="x" onerror="xss(53)"',
    "<<script>xss(54);//<</script>",
    '<p title="</p><script>xss(55)</script>">',
    '<!--<img src="--><img src=x onerror=xss(56)//">',
    '<noscript><p title="</noscript><img src=x onerror=xss(57)>">',
    "<style>@import 'javascript:xss(58)';body{display:none}</style>",
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">recouvert</div>',
    '<base href="javascript:xss(60)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:xss(61)">',
    '<link rel=stylesheet href="data:text/css,body{display:none}">',
    "</article></main><footer>faux pied de page</footer>",
    "<table><td>cellule sans fin",
    "<h1>Faux titre</h1>",
    "<template><script>xss(66)</script></template>",
    "<textarea><script>xss(67)</script></textarea>",
    "{{ 7|add:42 }} {% debug %}",
]

PAYLOADS = SCRIPT_TAGS + EVENT_HANDLERS + URL_SCHEMES + SVG_AND_MATHML + ENCODING_TRICKS + BROKEN_MARKUP
