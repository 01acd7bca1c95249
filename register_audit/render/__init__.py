"""Renderers: each report's formats, as pure functions returning text or rich renderables."""
