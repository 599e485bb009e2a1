"""Thin views: each calls the registry querysets and hierarchy functions, then renders."""
