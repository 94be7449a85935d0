import { serviceUrlProblem, type ServiceUrlRule } from './service-url';

const SMTP: ServiceUrlRule = { schemes: ['smtp', 'smtps'], form: 'smtp://[user:password@]host[:port]', credentials: true };
const POSTGRES: ServiceUrlRule = {
  schemes: ['postgres', 'postgresql'],
  form: 'postgres://user:password@host:5432/database',
  credentials: true,
  hostInQuery: true,
};
const PUBLIC: ServiceUrlRule = { schemes: ['http', 'https'], form: 'https://onramp.example.nhs.uk', credentials: false };

describe('serviceUrlProblem', () => {
  it.each([
    ['smtp://mail.example.nhs.uk', SMTP],
    ['smtps://user:p%40ss@mail.example.nhs.uk:465', SMTP],
    ['smtp://u:secret@mail_relay:25', SMTP], // a container name
    ['smtp://10.0.0.5:587', SMTP],
    ['smtp://[2001:db8::1]:587', SMTP],
    ['SMTP://MAIL.EXAMPLE.NHS.UK', SMTP],
    ['postgres://onramp:secret@db.example:5432/onramp', POSTGRES],
    ['postgresql://onramp@localhost/onramp?sslmode=require', POSTGRES],
    ['postgres:///onramp?host=/var/run/postgresql', POSTGRES],
    ['https://onramp.example.nhs.uk', PUBLIC],
    ['http://localhost:8080/onramp/', PUBLIC],
  ])('accepts %s', (url, rule) => {
    expect(serviceUrlProblem(url, rule)).toBeNull();
  });

  it.each([
    ['smtp://u:secret@', SMTP, /^has no host; expected smtp:/],
    ['smtp://u:secret@mail.example.nhs.uk:99999', SMTP, /^has a port that is not a number from 1 to 65535/],
    ['smtp://u:secret@mail.example.nhs.uk:0', SMTP, /^has a port that is not a number from 1 to 65535/],
    ['smtp://u:secret@mail.example.nhs.uk:25x', SMTP, /^has a port that is not a number from 1 to 65535/],
    ['smtp://u:secret@exa%20mple', SMTP, /^has a host that is neither a host name nor an IP address/],
    ['smtp://u:secret@ex$ample', SMTP, /^has a host that is neither a host name nor an IP address/],
    ['smtp://u:secret@-bad-.example', SMTP, /^has a host that is neither/],
    ['smtp://u:secret@[not:an:ip]', SMTP, /^has a host that is neither|^is not a valid URL/],
    ['http://u:secret@mail.example.nhs.uk', SMTP, /^must start with smtp:\/\/ or smtps:\/\/$/],
    ['mail.example.nhs.uk:25', SMTP, /^must start with smtp:\/\//],
    ['postgres://user:secret@db.example:99999/onramp', POSTGRES, /^has a port that is not a number from 1 to 65535/],
    ['postgres://user:secret@/onramp', POSTGRES, /^has no host/],
    ['postgres://[not-a-host', POSTGRES, /^has a host that is neither|^is not a valid URL/],
    ['https://admin:secret@onramp.example.nhs.uk', PUBLIC, /^must not contain a user name or password/],
    ['ftp://onramp.example.nhs.uk', PUBLIC, /^must start with http:\/\/ or https:\/\/$/],
    ['https://:secret@', PUBLIC, /^has no host|^is not a valid URL/],
  ])('refuses %s, saying why without repeating it', (url, rule, reason) => {
    const problem = serviceUrlProblem(url, rule);
    expect(problem).toMatch(reason);
    expect(problem).not.toContain('secret');
    expect(problem).not.toContain(url);
  });
});
