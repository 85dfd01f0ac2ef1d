// A real OpenID Connect provider on loopback for the sign-in tests (npm oidc-provider, a certified implementation).
// Usage: node oidc-provider.mjs <port> <config.json>
// config.json: { "clients": [{ client_id, client_secret, redirect_uris }], "accounts": { "<login>": { claims… } } }
// The provider's development login form accepts any password; the login picks the account whose claims are returned.
// Consent is granted automatically (a first-party client), so the flow is: /auth → login form → callback.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const [port, configPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...c,
  })),
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    casehub: ['groups', 'org'],
  },
  // Every claim in the ID token too, as Entra ID and Keycloak do for configured claims.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['casehub-test-only'] },
  pkce: { required: () => true },
  async findAccount(ctx, id) {
    const claims = config.accounts[id];
    if (!claims) return undefined;
    return {
      accountId: id,
      async claims() { return { sub: id, ...claims }; },
    };
  },
  // Skip the consent screen: grant what the client asks for.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));

provider.listen(Number(port), '127.0.0.1', () => console.log(`READY ${issuer}`));
process.on('SIGTERM', () => process.exit(0));
