import { lazy } from 'react';

// Pages an admin opens now and then load when first opened: the first page (Your products, a
// subscription, sign-in) downloads only what it shows.
export const AuditLogPage = lazy(() =>
  import('./pages/AuditLogPage.js').then((m) => ({ default: m.AuditLogPage })),
);
export const BillingAccountPage = lazy(() =>
  import('./pages/BillingAccountPage.js').then((m) => ({ default: m.BillingAccountPage })),
);
export const BillsPage = lazy(() => import('./pages/BillsPage.js').then((m) => ({ default: m.BillsPage })));
export const MessagesPage = lazy(() =>
  import('./pages/MessagesPage.js').then((m) => ({ default: m.MessagesPage })),
);
export const PaymentMethodsPage = lazy(() =>
  import('./pages/PaymentMethodsPage.js').then((m) => ({ default: m.PaymentMethodsPage })),
);
export const SecurityPage = lazy(() =>
  import('./pages/SecurityPage.js').then((m) => ({ default: m.SecurityPage })),
);
export const UsersPage = lazy(() => import('./pages/UsersPage.js').then((m) => ({ default: m.UsersPage })));
export const AcceptInvitationPage = lazy(() =>
  import('./pages/AcceptInvitationPage.js').then((m) => ({ default: m.AcceptInvitationPage })),
);
export const ForgotPasswordPage = lazy(() =>
  import('./pages/ForgotPasswordPage.js').then((m) => ({ default: m.ForgotPasswordPage })),
);
export const ResetPasswordPage = lazy(() =>
  import('./pages/ResetPasswordPage.js').then((m) => ({ default: m.ResetPasswordPage })),
);
