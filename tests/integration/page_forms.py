"""Reading the pages that change things: the error summary, the main content, a redirect
followed to its confirmation."""


def summary(html: str) -> str:
    start = html.index("nhsuk-error-summary")
    return html[start : html.index("</ul>", start)]


def main(html: str) -> str:
    """The page's content, without the header (whose sign-out button is a form)."""
    return html[html.index("<main") :]


def followed(client, response) -> str:
    assert response.status_code == 302
    return client.get(response.url).content.decode()
