"""The book's pages that compute: one package per parameterized chapter (analysis, facts,
figures, and the checks of the source reports' claims it discusses), the claims page, the
data-sources appendix, and the event record the chapters share.  Each chapter package
exposes ``facts(load, **parameters)`` and ``figure(facts, name)``; the registry
(``chapters/chapters.toml``) names them."""
