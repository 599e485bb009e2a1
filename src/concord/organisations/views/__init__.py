"""The registry's pages: the directory, an organisation, people, and setting the registry up."""
