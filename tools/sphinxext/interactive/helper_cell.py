# Interactive figures: this cell is tools/sphinxext/interactive/helper_cell.py
# (the same in every notebook that has one; see CONTRIBUTING.md).
import base64, html, io, json, textwrap
import plotly.graph_objects as go
from IPython.display import display


def state_slider(states, labels, prefix, active=0):
    """Plotly slider: step k applies states[k] = (traces, layout, indices)."""
    steps = [dict(method="update", label=lab, args=list(st))
             for st, lab in zip(states, labels)]
    return [dict(active=active, steps=steps, pad=dict(t=50),
                 currentvalue=dict(prefix=prefix))]


def _rounded(x):  # 6 decimals: byte-identical output on every machine
    if isinstance(x, float):
        return round(x, 6)
    if isinstance(x, dict):
        return {k: _rounded(v) for k, v in x.items()}
    return [_rounded(v) for v in x] if isinstance(x, list) else x


def _png(spec, caption):
    """Static fallback (PDF, no JavaScript): the figure as first shown."""
    fig, ax = plt.subplots(figsize=(7, 4.8))
    for tr in spec["data"]:
        mode, style = tr.get("mode", ""), tr.get("line", {})
        star = tr.get("marker", {}).get("symbol") == "star"
        fmt = (("*" if star else "o") if "markers" in mode else "") + (
            "-" if "lines" in mode else "")
        ax.plot(tr["x"], tr["y"], fmt, ms=10 if star else 4,
                label=tr.get("name"),
                color=style.get("color", tr.get("marker", {}).get("color")),
                lw=style.get("width", 2))
    lay = spec["layout"]
    xa, ya = lay.get("xaxis", {}), lay.get("yaxis", {})
    ax.set(title=lay["title"]["text"].replace("<br>", "\n"),
           xlim=xa.get("range"), ylim=ya.get("range"),
           xlabel=xa.get("title", {}).get("text"),
           ylabel=ya.get("title", {}).get("text"))
    if "scaleanchor" in ya:
        ax.set_aspect("equal", adjustable="datalim")
    if xa.get("visible") is False:
        ax.axis("off")
    if any(tr.get("name") for tr in spec["data"]):  # below the axes
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15),
                  fontsize=8, ncols=2)
    slider = lay["sliders"][0]  # no slider here: say which state this is
    shown = (slider["currentvalue"]["prefix"]
             + slider["steps"][slider.get("active", 0)]["label"])
    fig.canvas.draw()  # then write the caption under everything drawn
    low = ax.get_tightbbox().y0 / fig.bbox.height
    fig.text(0.5, low - 0.02, textwrap.fill(
        f"{caption} Shown for {shown}; the slider is on the book's website.",
        100), ha="center", va="top", fontsize=8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def show_interactive(fig, name, caption, alt):
    """Show fig on the site (stable HTML), in JupyterLab/Colab, in the PDF."""
    spec = _rounded(json.loads(fig.to_json()))
    div = go.Figure(spec).to_html(include_plotlyjs=False, full_html=False,
                                  div_id=name,
                                  config={"displayModeBar": False})
    a, c = html.escape(alt), html.escape(caption)
    page = (f'<figure class="mathai-interactive" data-name="{name}" '
            f'aria-describedby="{name}-alt">{div}<p id="{name}-alt" '
            f'class="visually-hidden">{a}</p><noscript><img '
            f'src="../_interactive/{name}.png" alt="{a}"></noscript>'
            f'<figcaption>{c}</figcaption></figure>')
    display({"text/html": page, "image/png": _png(spec, caption),
             "application/vnd.plotly.v1+json": spec,
             "text/plain": f"Interactive figure: {caption}"}, raw=True)
