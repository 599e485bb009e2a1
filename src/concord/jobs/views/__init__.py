"""The imports pages: files imported, national files uploaded, their jobs, computation runs."""
