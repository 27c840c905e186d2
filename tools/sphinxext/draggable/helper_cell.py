# Draggable figures: this cell is tools/sphinxext/draggable/helper_cell.py
# (the same in every notebook that has one; see CONTRIBUTING.md).
import base64, html, io, json, textwrap
from IPython.display import display


def _r6(v):  # 6 decimals: byte-identical output on every machine
    return (np.round(np.asarray(v, dtype=float), 6) + 0.0).tolist()


def _svg(A, vecs, x0, lim):
    """Static picture for no-JavaScript readers, JupyterLab and Colab:
    hand-written SVG (no fonts measured), so the HTML is the same on
    every machine. It is shown as an <img> (a data: URI), which
    JupyterLab's sanitizer keeps for an untrusted output (it drops an
    inline <svg> and leaves its labels as bare text)."""
    s = 200 / lim  # pixels per unit; the origin at (200, 200)

    def pt(p):
        return f"{200 + s * p[0]:.1f},{200 - s * p[1]:.1f}"

    t = np.linspace(0, 2 * np.pi, 73)
    ring = np.vstack([np.cos(t), np.sin(t)])
    out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" '
           'width="400" height="400">',
           '<rect width="400" height="400" fill="#ffffff"/>',
           '<path d="M0 200H400M200 0V400" stroke="#bbbbbb"/>']
    for curve in (ring, A @ ring):
        out.append('<polyline fill="none" stroke="#999999" points="'
                   + " ".join(pt(p) for p in curve.T) + '"/>')
    for v in vecs:
        out.append(f'<path d="M{pt(-lim * 2 * v)}L{pt(lim * 2 * v)}" '
                   'stroke="#999999" stroke-dasharray="6 4"/>')
    arrows = ((A @ x0, "#D55E00", "Ax"), (x0, "#0072B2", "x"))
    for vec, color, _ in arrows:  # the faint line through each arrow
        u = vec / max(np.linalg.norm(vec), 1e-12) * 3 * lim
        out.append(f'<path d="M{pt(-u)}L{pt(u)}" stroke="{color}" '
                   'stroke-opacity="0.35"/>')
    for vec, color, label in arrows:
        out.append(f'<path d="M200,200L{pt(vec)}" stroke="{color}" '
                   f'stroke-width="3"/><circle cx="{pt(vec).split(",")[0]}"'
                   f' cy="{pt(vec).split(",")[1]}" r="5" fill="{color}"/>'
                   f'<text x="{200 + s * vec[0] + 8:.1f}" '
                   f'y="{200 - s * vec[1] - 8:.1f}" fill="{color}" '
                   f'font-size="16" font-family="sans-serif">{label}</text>')
    return "".join(out) + "</svg>"


def _map_png(A, vecs, x0, lim, caption):
    """Static fallback for the PDF: x, Ax and the eigen-directions."""
    fig, ax = plt.subplots(figsize=(6, 6))
    t = np.linspace(0, 2 * np.pi, 181)
    ring = np.vstack([np.cos(t), np.sin(t)])
    for curve in (ring, A @ ring):
        ax.plot(*curve, color="#999999", lw=1)
    for k, v in enumerate(vecs):
        ax.axline((0, 0), tuple(v), color="#999999", ls="--", lw=1,
                  label="eigen-directions" if k == 0 else None)
    for vec, color in ((A @ x0, "#D55E00"), (x0, "#0072B2")):
        ax.axline((0, 0), tuple(vec), color=color, lw=1, alpha=0.35)
    for vec, color, label in ((A @ x0, "#D55E00", "Ax"),
                              (x0, "#0072B2", "x")):
        ax.annotate("", xy=vec, xytext=(0, 0), arrowprops=dict(
            arrowstyle="-|>", color=color, lw=2))
        ax.plot(*vec, "o", color=color, label=f"{label} = ({vec[0]:g}, "
                f"{vec[1]:g})")
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal",
           xlabel="first coordinate", ylabel="second coordinate",
           title="Drag x and watch Ax")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3,
              fontsize=8)
    fig.canvas.draw()  # then write the caption under everything drawn
    low = ax.get_tightbbox().y0 / fig.bbox.height
    fig.text(0.5, low - 0.02, textwrap.fill(
        f"{caption} Shown for x = ({x0[0]:g}, {x0[1]:g}); on the book's "
        "website x can be dragged.", 90), ha="center", va="top",
        fontsize=8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def show_draggable_map(name, A, eigenvalues, eigenvectors, x0, caption,
                       alt, lim=6.0, step=0.1, tol_deg=1.0):
    """A 2x2 matrix as a map: drag x (on the site) and watch Ax."""
    A, x0 = np.asarray(A, dtype=float), np.asarray(x0, dtype=float)
    vecs = np.asarray(eigenvectors, dtype=float).T  # one row per vector
    data = {"A": _r6(A), "eigenvalues": _r6(eigenvalues),
            "eigenvectors": _r6(vecs), "x0": _r6(x0), "lim": lim,
            "step": step, "tolerance_deg": tol_deg, "description": alt}
    ax = A @ x0
    still = html.escape(  # what the static picture shows, for its alt
        f"A still picture of the map at x = ({x0[0]:g}, {x0[1]:g}): the "
        "unit circle and the ellipse A maps it to, the arrow x (blue) and "
        f"its image Ax = ({ax[0]:g}, {ax[1]:g}) (orange) from the origin, "
        "a faint line through each, and the eigen-directions dashed.")
    svg = base64.b64encode(_svg(A, vecs, x0, lim).encode()).decode()
    # The board's description (alt) is in the JSON: only the site's driver
    # uses it. JupyterLab's sanitizer drops the script with its text, and
    # aria-* attributes, so the <img>'s alt is what describes the picture.
    page = (f'<figure class="mathai-draggable" data-name="{name}">'
            '<script type="application/json" class="mathai-draggable-data">'
            + json.dumps(data).replace("<", "\\u003c") + '</script>'
            '<div class="mathai-draggable-static"><img '
            f'src="data:image/svg+xml;base64,{svg}" alt="{still}" '
            'width="400" height="400">'
            f'<p>Static picture: on the book\'s website x can be dragged.'
            f'</p></div><figcaption>{html.escape(caption)}</figcaption>'
            '</figure>')
    display({"text/html": page,
             "image/png": _map_png(A, vecs, x0, lim, caption),
             "text/plain": f"Draggable figure: {caption}"}, raw=True)
