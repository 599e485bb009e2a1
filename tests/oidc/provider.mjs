// A real OpenID Connect provider for tests (panva's certified oidc-provider), on 127.0.0.1.
// Usage: node provider.mjs PORT REDIRECT_URI ACCOUNTS_JSON
// ACCOUNTS_JSON maps a login name to its claims, e.g. {"ann": {"email": "...", "email_verified": true}}.
// Its development sign-in page accepts any password for a login name in ACCOUNTS_JSON.
import Provider from 'oidc-provider';

const [port, redirectUri, accountsJson] = process.argv.slice(2);
const accounts = JSON.parse(accountsJson);

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'concord',
    client_secret: 'concord-test-secret',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'] },
  scopes: ['openid', 'email'],
  pkce: { required: () => true },
  cookies: { keys: ['concord-test-cookie-key'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, sub) {
    if (!(sub in accounts)) return undefined;
    return { accountId: sub, async claims() { return { sub, ...accounts[sub] }; } };
  },
  // The client is first-party: its scopes are granted without a consent page.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email');
    await grant.save();
    return grant;
  },
});

provider.on('server_error', (ctx, err) => console.error('provider error:', err));

const server = provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`listening ${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
