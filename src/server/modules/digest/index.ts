// Weekly digest (每周简报): subscriptions, the in-app inbox and a mail adapter. Other modules use
// only what is exported here.
export { digestRoutes } from './digest.routes';
export { sendDueDigests, fileMailer, buildDigest, digestText, type MailAdapter } from './digest.service';
