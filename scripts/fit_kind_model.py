#!/usr/bin/env python3
"""Fits kg-extract's page-kind model (crates/extract/src/kind_model.rs).

usage: fit_kind_model.py FEATURES.jsonl [more.jsonl ...] [--write crates/extract/src/kind_model.rs]

FEATURES.jsonl: lines {"id", "kind", "x": [...]} written by the `devkind` example
(`devkind GT.jsonl OUT.jsonl [KIND] [nourl]`: the kind from the ground truth's page_type, else
KIND; `nourl` reads the pages without their address, so the model also knows pages given
without one).
A multinomial logistic regression (L2, standardised inputs, plain gradient descent with numpy)
over the model's six kinds; prints 5-fold cross-validated accuracy, then fits on everything
and writes the weights (folded back to raw inputs) as Rust constants.
"""
import argparse
import json
import sys

import numpy as np

KINDS = ["article", "forum", "listing", "product", "service", "documentation"]
RUST_KINDS = ["Article", "Forum", "Listing", "Product", "Service", "Documentation"]
MAP = {"collection": "listing"}

NAMES = [
    # schema.org types
    "ld_forum", "ld_comments", "ld_qa", "ld_product_few", "ld_product_many", "ld_productgroup",
    "ld_offer", "ld_list", "ld_video", "ld_tech", "ld_service", "ld_article", "ld_webpage",
    "ld_about_contact", "ld_faq", "ld_howto_recipe", "ld_event_course", "ld_organization",
    "ld_person_profile", "ld_breadcrumbs", "ld_website", "ld_none", "ld_itemlist",
    "ld_collectionpage", "ld_review", "ld_software",
    # og:type
    "og_article", "og_product", "og_productgroup", "og_website", "og_none", "og_business",
    # URL
    "url_forum", "url_doc", "url_doc_weak", "url_product", "url_list", "url_video",
    "url_service", "url_article_word", "url_html", "url_home", "url_none", "slug5",
    "slug_words", "path_depth", "path_service_words", "path_year", "path_id", "dated",
    "dated_meta", "dated_ld", "dated_time", "slug_about_contact_pricing",
    # structure
    "forum_shape", "pre", "code", "posts", "authors", "times", "cards", "prices", "cart",
    "captions", "players", "prose", "long_paras", "headings", "buttons", "links", "lis",
    "tables", "inputs", "imgs", "h1", "body_text", "body_link_density", "prose_share",
    "heading_density", "long_para_density", "few_long_paras", "linked_headings", "read_more",
    "calls", "forum_words", "para_run", "linked_heading_share",
    # more structure and wording
    "authored", "sections", "articles", "pages", "contact_links", "anchors", "questions",
    "paras", "long_links", "linked_imgs", "para_mean", "we_share", "you_share", "me_share",
    "long_link_share", "para_run_share", "comments_most",
    # title words
    "title_article", "title_service", "title_listing", "title_doc", "title_forum",
    "title_model_number", "title_question_or_number",
    # section heading phrases
    "heads_article", "heads_service", "heads_listing", "heads_doc", "heads_forum",
    "heads_product",
    # hand-set points relative to the article's
    "pts_article", "pts_forum", "pts_listing", "pts_product", "pts_service", "pts_documentation",
]


def load(paths):
    X, y, ids = [], [], []
    for p in paths:
        for line in open(p):
            d = json.loads(line)
            k = MAP.get(d["kind"], d["kind"])
            if k not in KINDS:
                continue
            X.append(d["x"])
            y.append(KINDS.index(k))
            ids.append(d["id"])
    return np.array(X, dtype=np.float64), np.array(y), ids


def fit(X, y, lam, iters=3000, lr=0.5):
    mu = X.mean(0)
    sd = X.std(0)
    sd[sd < 1e-6] = 1.0
    Z = (X - mu) / sd
    n, f = Z.shape
    K = len(KINDS)
    W = np.zeros((f, K))
    bias = np.zeros(K)
    Y = np.eye(K)[y]
    for _ in range(iters):
        S = Z @ W + bias
        S -= S.max(1, keepdims=True)
        P = np.exp(S)
        P /= P.sum(1, keepdims=True)
        G = P - Y
        W -= lr * (Z.T @ G / n + lam * W)
        bias -= lr * G.mean(0)
    # Fold the standardisation into raw-input weights.
    Wr = W / sd[:, None]
    br = bias - (mu / sd) @ W
    return Wr, br


def predict(X, W, b):
    return np.argmax(X @ W + b, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("features", nargs="+")
    ap.add_argument("--lam", type=float, default=0.01)
    ap.add_argument("--cv-only", default=None, help="score cross-validation on ids of this file only")
    ap.add_argument("--cv-nourl", default=None, help="score cross-validation on these ids read without address")
    ap.add_argument("--write")
    args = ap.parse_args()
    X, y, ids = load(args.features)
    assert X.shape[1] == len(NAMES), (X.shape, len(NAMES))
    # Folds by page: a page read with and without its address stays in one fold.
    base = sorted({i.removeprefix("nourl-") for i in ids})
    rng = np.random.default_rng(7)
    fold_of = {b: k % 5 for k, b in enumerate(rng.permutation(base))}
    page_fold = np.array([fold_of[i.removeprefix("nourl-")] for i in ids])
    folds = [np.where(page_fold == k)[0] for k in range(5)]
    pred = np.zeros(len(y), dtype=int)
    for k in range(5):
        test = folds[k]
        train = np.concatenate([folds[j] for j in range(5) if j != k])
        W, b = fit(X[train], y[train], args.lam)
        pred[test] = predict(X[test], W, b)
    sel = np.ones(len(y), dtype=bool)
    if args.cv_only:
        keep = {json.loads(l)["id"] for l in open(args.cv_only)}
        sel = np.array([i in keep for i in ids])
    if args.cv_nourl:
        keep = {"nourl-" + json.loads(l)["id"] for l in open(args.cv_nourl)}
        sel = np.array([i in keep for i in ids])
    acc = (pred[sel] == y[sel]).mean()
    print(f"5-fold cross-validated accuracy {acc:.3f} on {sel.sum()} pages (lam {args.lam})")
    conf = np.zeros((6, 6), dtype=int)
    for a, p in zip(y[sel], pred[sel]):
        conf[a, p] += 1
    print("rows truth, columns predicted:", KINDS)
    print(conf)
    W, b = fit(X, y, args.lam)
    print(f"training accuracy {(predict(X[sel], W, b) == y[sel]).mean():.3f}")
    if args.write:
        write(args.write, W, b, len(y))


def write(path, W, b, n):
    f = len(NAMES)
    out = []
    out.append("//! The page-kind model: a linear score per kind over [`crate::kind::features`], the")
    out.append("//! highest wins. Fitted by `scripts/fit_kind_model.py` (multinomial logistic regression,")
    out.append(f"//! L2) on WCXB's development split and scrapinghub's articles ({n} pages); regenerate it")
    out.append("//! with that script when a feature changes, never edit the numbers by hand.")
    out.append("")
    out.append("use crate::PageType;")
    out.append("")
    out.append("/// The kinds the model tells apart, in the order of its weight rows.")
    out.append("pub(crate) const KINDS: [PageType; 6] = [")
    for k in RUST_KINDS:
        out.append(f"    PageType::{k},")
    out.append("];")
    out.append("")
    out.append("/// The features' names, in the order [`crate::kind::features`] gives them.")
    out.append(f"pub(crate) const NAMES: [&str; {f}] = [")
    for nm in NAMES:
        out.append(f'    "{nm}",')
    out.append("];")
    out.append("")
    out.append("/// Each kind's constant term.")
    out.append("const BIAS: [f32; 6] = [" + ", ".join(f"{v:.5}" for v in b) + "];")
    out.append("")
    out.append("/// Each kind's weight per feature.")
    out.append(f"#[rustfmt::skip]")
    out.append(f"const WEIGHTS: [[f32; {f}]; 6] = [")
    for k in range(6):
        out.append("    [" + ", ".join(f"{v:.5}" for v in W[:, k]) + "],")
    out.append("];")
    out.append("")
    out.append("/// The kind with the highest score for features `x`.")
    out.append("pub(crate) fn classify(x: &[f32]) -> PageType {")
    out.append("    debug_assert_eq!(x.len(), NAMES.len());")
    out.append("    let mut best = (f32::MIN, PageType::Article);")
    out.append("    for (k, kind) in KINDS.iter().enumerate() {")
    out.append("        let s = BIAS[k] + WEIGHTS[k].iter().zip(x).map(|(w, v)| w * v).sum::<f32>();")
    out.append("        if s > best.0 {")
    out.append("            best = (s, *kind);")
    out.append("        }")
    out.append("    }")
    out.append("    best.1")
    out.append("}")
    open(path, "w").write("\n".join(out) + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
