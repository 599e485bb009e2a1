"""Django's email framework delivers over SMTP to the test's real server."""

from django.core.mail import send_mail


def test_a_message_reaches_the_smtp_server(smtp_server):
    send_mail("Subject line", "The body.", None, ["someone@example.nhs.uk"])

    [message] = smtp_server.mailbox.wait_for(1)
    assert message["Subject"] == "Subject line"
    assert message["To"] == "someone@example.nhs.uk"
    assert "The body." in smtp_server.mailbox.body(message)
    assert smtp_server.mailbox.envelopes[0][1] == ["someone@example.nhs.uk"]
