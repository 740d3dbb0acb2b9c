import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { KIND_SEGMENT, RECORD_KINDS } from '../shared/ledger';
import type { Permission } from '../shared/roles';
import { useAuth } from './auth';
import { AppLayout } from './components/AppLayout';
import { PageSpinner } from './components/PageSpinner';

// Pages load on demand so a village cadre on a phone downloads only what they open.
const LoginPage = lazy(() => import('./pages/auth/LoginPage'));
const ChangePasswordPage = lazy(() => import('./pages/auth/ChangePasswordPage'));
const HomePage = lazy(() => import('./pages/HomePage'));
const OrgPage = lazy(() => import('./pages/org/OrgPage'));
const PeopleList = lazy(() => import('./pages/people/PeopleList'));
const UsersPage = lazy(() => import('./pages/users/UsersPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const IndicatorLibraryPage = lazy(() => import('./pages/indicators/IndicatorLibraryPage'));
const TargetsPage = lazy(() => import('./pages/indicators/TargetsPage'));
const ExplorerPage = lazy(() => import('./pages/indicators/ExplorerPage'));
const TasksPage = lazy(() => import('./pages/tasks/TasksPage'));
const TaskCreatePage = lazy(() => import('./pages/tasks/TaskCreatePage'));
const TaskProgressPage = lazy(() => import('./pages/tasks/TaskProgressPage'));
const TaskFormPage = lazy(() => import('./pages/tasks/TaskFormPage'));
const ActivationsPage = lazy(() => import('./pages/mobilization/ActivationsPage'));
const ActivationCreatePage = lazy(() => import('./pages/mobilization/ActivationCreatePage'));
const ActivationBoardPage = lazy(() => import('./pages/mobilization/ActivationBoardPage'));
const UnitsPage = lazy(() => import('./pages/mobilization/UnitsPage'));
const DispatchPage = lazy(() => import('./pages/mobilization/DispatchPage'));
const CheckinPage = lazy(() => import('./pages/mobilization/CheckinPage'));
const LedgerListPage = lazy(() => import('./pages/ledger/LedgerListPage'));
const LedgerOverduePage = lazy(() => import('./pages/ledger/OverduePage'));
const LedgerCategoriesPage = lazy(() => import('./pages/ledger/CategoriesPage'));
const SurveysPage = lazy(() => import('./pages/surveys/SurveysPage'));
const SurveyEditPage = lazy(() => import('./pages/surveys/SurveyEditPage'));
const SurveyDetailPage = lazy(() => import('./pages/surveys/SurveyDetailPage'));
const TokenPrintPage = lazy(() => import('./pages/surveys/TokenPrintPage'));
const PublicSurveyPage = lazy(() => import('./pages/surveys/PublicSurveyPage'));
const SchemesPage = lazy(() => import('./pages/assessment/SchemesPage'));
const SchemeEditorPage = lazy(() => import('./pages/assessment/SchemeEditorPage'));
const SchemePage = lazy(() => import('./pages/assessment/SchemePage'));
const ResultPage = lazy(() => import('./pages/assessment/ResultPage'));
const PublicResultPage = lazy(() => import('./pages/assessment/PublicResultPage'));
const FactCheckPage = lazy(() => import('./pages/reports/FactCheckPage'));
const SummariesPage = lazy(() => import('./pages/reports/SummariesPage'));
const DraftPage = lazy(() => import('./pages/reports/DraftPage'));
const ReportTemplatesPage = lazy(() => import('./pages/reports/TemplatesPage'));
const TemplateEditorPage = lazy(() => import('./pages/reports/TemplateEditorPage'));
const SummaryImportPage = lazy(() => import('./pages/reports/ImportPage'));
const CockpitListPage = lazy(() => import('./pages/cockpit/CockpitListPage'));
const CockpitPage = lazy(() => import('./pages/cockpit/CockpitPage'));
const CockpitEditorPage = lazy(() => import('./pages/cockpit/CockpitEditorPage'));
const ScreenPage = lazy(() => import('./pages/cockpit/ScreenPage'));
const IndicatorMapPage = lazy(() => import('./pages/maps/IndicatorMapPage'));
const CareMapPage = lazy(() => import('./pages/maps/CareMapPage'));
const BoundariesPage = lazy(() => import('./pages/maps/BoundariesPage'));
const InboxPage = lazy(() => import('./pages/digest/InboxPage'));
const MyApplicationsPage = lazy(() => import('./pages/talent/MyApplicationsPage'));
const MyApplicationPage = lazy(() => import('./pages/talent/MyApplicationPage'));
const TalentApplicationsPage = lazy(() => import('./pages/talent/ApplicationsPage'));
const TalentApplicationDetailPage = lazy(() => import('./pages/talent/ApplicationDetailPage'));
const TalentProgrammesPage = lazy(() => import('./pages/talent/ProgrammesPage'));
const TalentPaymentsPage = lazy(() => import('./pages/talent/PaymentsPage'));
const ApartmentsPage = lazy(() => import('./pages/talent/ApartmentsPage'));
const ApartmentsContractsPage = lazy(() => import('./pages/talent/ApartmentsContractsPage'));
const ApartmentsAllocationPage = lazy(() => import('./pages/talent/ApartmentsAllocationPage'));
const ApartmentsAllocationResultPage = lazy(() => import('./pages/talent/ApartmentsAllocationResultPage'));
const RecruitmentPage = lazy(() => import('./pages/talent/RecruitmentPage'));
const MyHomePage = lazy(() => import('./pages/me/MyHomePage'));
const CadresPage = lazy(() => import('./pages/cadres/CadresPage'));
const CadrePage = lazy(() => import('./pages/cadres/CadrePage'));
const CadreCorrectionsPage = lazy(() => import('./pages/cadres/CorrectionsPage'));
const FaultTolerancePage = lazy(() => import('./pages/cadres/FaultTolerancePage'));
const PairingsPage = lazy(() => import('./pages/pairings/PairingsPage'));
const SilentPairingsPage = lazy(() => import('./pages/pairings/SilentPairingsPage'));
const PairingDetailPage = lazy(() => import('./pages/pairings/PairingDetailPage'));

/** Signed-in pages; a pending forced password change blocks everything else. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <PageSpinner />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.mustChangePassword) return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

/** One permission, or a list of which any one will do. */
function RequirePermission({ permission, children }: { permission: Permission | Permission[]; children: ReactNode }) {
  const { can } = useAuth();
  const ok = Array.isArray(permission) ? permission.some((p) => can(p)) : can(permission);
  return ok ? <>{children}</> : <Navigate to="/" replace />;
}

export function App() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/change-password" element={<ChangePasswordPage />} />
        {/* A member's personal check-in link: opened on a phone with no account, the token is the credential. */}
        <Route path="/c/:token" element={<CheckinPage />} />
        {/* A unit's public evaluation link (群众评价), opened on a phone with no account; ?t= carries a one-time token. */}
        <Route path="/s/:code" element={<PublicSurveyPage />} />
        {/* Answer-token slips print on their own page, without the app's menus. */}
        <Route
          path="/surveys/:id/print"
          element={
            <RequireAuth>
              <RequirePermission permission="manage:surveys">
                <TokenPrintPage />
              </RequirePermission>
            </RequireAuth>
          }
        />
        {/* A cockpit on a wall screen: full window, dark, without the app's menus; still signed in. */}
        <Route
          path="/screen/:id"
          element={
            <RequireAuth>
              <RequirePermission permission="read:indicators">
                <ScreenPage />
              </RequirePermission>
            </RequireAuth>
          }
        />
        {/* A published league table's public page: anyone with the link, no account. */}
        <Route path="/p/:slug" element={<PublicResultPage />} />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<HomePage />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route
            path="me"
            element={
              <RequirePermission permission="self:service">
                <MyHomePage />
              </RequirePermission>
            }
          />
          <Route
            path="cadres"
            element={
              <RequirePermission permission="manage:cadres">
                <CadresPage />
              </RequirePermission>
            }
          />
          <Route
            path="cadres/corrections"
            element={
              <RequirePermission permission="manage:cadres">
                <CadreCorrectionsPage />
              </RequirePermission>
            }
          />
          <Route
            path="cadres/fault-tolerance"
            element={
              <RequirePermission permission="manage:cadres">
                <FaultTolerancePage />
              </RequirePermission>
            }
          />
          <Route
            path="cadres/:personId"
            element={
              <RequirePermission permission="manage:cadres">
                <CadrePage />
              </RequirePermission>
            }
          />
          <Route path="org" element={<OrgPage />} />
          <Route path="people" element={<PeopleList />} />
          <Route path="indicators" element={<IndicatorLibraryPage />} />
          <Route path="explore" element={<ExplorerPage />} />
          <Route
            path="maps"
            element={
              <RequirePermission permission="read:indicators">
                <IndicatorMapPage />
              </RequirePermission>
            }
          />
          <Route
            path="maps/care"
            element={
              <RequirePermission permission="read:indicators">
                <CareMapPage />
              </RequirePermission>
            }
          />
          <Route
            path="maps/boundaries"
            element={
              <RequirePermission permission="write:org">
                <BoundariesPage />
              </RequirePermission>
            }
          />
          <Route
            path="cockpit"
            element={
              <RequirePermission permission="read:indicators">
                <CockpitListPage />
              </RequirePermission>
            }
          />
          <Route
            path="cockpit/new"
            element={
              <RequirePermission permission="define:indicators">
                <CockpitEditorPage key="new" />
              </RequirePermission>
            }
          />
          <Route
            path="cockpit/:id"
            element={
              <RequirePermission permission="read:indicators">
                <CockpitPage />
              </RequirePermission>
            }
          />
          <Route
            path="cockpit/:id/edit"
            element={
              <RequirePermission permission="define:indicators">
                <CockpitEditorPage />
              </RequirePermission>
            }
          />
          <Route
            path="targets"
            element={
              <RequirePermission permission="define:indicators">
                <TargetsPage />
              </RequirePermission>
            }
          />
          <Route path="tasks" element={<TasksPage />} />
          <Route
            path="tasks/new"
            element={
              <RequirePermission permission="issue:tasks">
                <TaskCreatePage />
              </RequirePermission>
            }
          />
          <Route path="tasks/:id" element={<TaskProgressPage />} />
          <Route path="tasks/:id/units/:unitId" element={<TaskFormPage />} />
          <Route path="mobilization" element={<ActivationsPage />} />
          <Route
            path="mobilization/new"
            element={
              <RequirePermission permission="command:mobilization">
                <ActivationCreatePage />
              </RequirePermission>
            }
          />
          <Route path="mobilization/activations/:id" element={<ActivationBoardPage />} />
          <Route path="mobilization/units" element={<UnitsPage />} />
          <Route path="mobilization/dispatch" element={<DispatchPage />} />
          <Route path="ledger" element={<Navigate to="/ledger/activities" replace />} />
          {RECORD_KINDS.map((k) => (
            <Route key={k} path={`ledger/${KIND_SEGMENT[k]}`} element={<LedgerListPage key={k} kind={k} />} />
          ))}
          <Route path="ledger/overdue" element={<LedgerOverduePage />} />
          <Route
            path="ledger/categories"
            element={
              <RequirePermission permission="manage:ledger-categories">
                <LedgerCategoriesPage />
              </RequirePermission>
            }
          />
          <Route
            path="assessment"
            element={
              <RequirePermission permission="read:assessment">
                <SchemesPage />
              </RequirePermission>
            }
          />
          <Route
            path="assessment/new"
            element={
              <RequirePermission permission="manage:assessment">
                <SchemeEditorPage />
              </RequirePermission>
            }
          />
          <Route
            path="assessment/:id/edit"
            element={
              <RequirePermission permission="manage:assessment">
                <SchemeEditorPage />
              </RequirePermission>
            }
          />
          <Route
            path="assessment/results/:id"
            element={
              <RequirePermission permission="read:assessment">
                <ResultPage />
              </RequirePermission>
            }
          />
          <Route
            path="assessment/:id"
            element={
              <RequirePermission permission="read:assessment">
                <SchemePage />
              </RequirePermission>
            }
          />
          <Route
            path="reports"
            element={
              <RequirePermission permission="read:reports">
                <SummariesPage />
              </RequirePermission>
            }
          />
          <Route
            path="reports/drafts/:id"
            element={
              <RequirePermission permission="read:reports">
                <DraftPage />
              </RequirePermission>
            }
          />
          <Route
            path="reports/templates"
            element={
              <RequirePermission permission="write:reports">
                <ReportTemplatesPage />
              </RequirePermission>
            }
          />
          <Route
            path="reports/templates/new"
            element={
              <RequirePermission permission="write:reports">
                <TemplateEditorPage key="new" />
              </RequirePermission>
            }
          />
          <Route
            path="reports/templates/:id"
            element={
              <RequirePermission permission="write:reports">
                <TemplateEditorPage />
              </RequirePermission>
            }
          />
          <Route
            path="reports/check"
            element={
              <RequirePermission permission={['read:reports', 'read:indicators']}>
                <FactCheckPage />
              </RequirePermission>
            }
          />
          <Route
            path="reports/import"
            element={
              <RequirePermission permission="define:indicators">
                <SummaryImportPage />
              </RequirePermission>
            }
          />
          <Route path="surveys" element={<SurveysPage />} />
          <Route
            path="surveys/new"
            element={
              <RequirePermission permission="manage:surveys">
                <SurveyEditPage />
              </RequirePermission>
            }
          />
          <Route path="surveys/:id" element={<SurveyDetailPage />} />
          <Route
            path="surveys/:id/edit"
            element={
              <RequirePermission permission="manage:surveys">
                <SurveyEditPage />
              </RequirePermission>
            }
          />
          <Route
            path="users"
            element={
              <RequirePermission permission="manage:users">
                <UsersPage />
              </RequirePermission>
            }
          />
          <Route
            path="pairings"
            element={
              <RequirePermission permission="read:ledger">
                <PairingsPage />
              </RequirePermission>
            }
          />
          <Route
            path="pairings/silent"
            element={
              <RequirePermission permission="read:ledger">
                <SilentPairingsPage />
              </RequirePermission>
            }
          />
          <Route
            path="pairings/:id"
            element={
              <RequirePermission permission="read:ledger">
                <PairingDetailPage />
              </RequirePermission>
            }
          />
          <Route
            path="talent/apartments"
            element={
              <RequirePermission permission="manage:talent">
                <ApartmentsPage />
              </RequirePermission>
            }
          />
          <Route
            path="talent/apartments/contracts"
            element={
              <RequirePermission permission="manage:talent">
                <ApartmentsContractsPage />
              </RequirePermission>
            }
          />
          <Route
            path="talent/apartments/allocation"
            element={
              <RequirePermission permission="manage:talent">
                <ApartmentsAllocationPage />
              </RequirePermission>
            }
          />
          <Route
            path="talent/apartments/allocations/:id"
            element={
              <RequirePermission permission="manage:talent">
                <ApartmentsAllocationResultPage />
              </RequirePermission>
            }
          />
          <Route
            path="talent/recruitment"
            element={
              <RequirePermission permission="manage:talent">
                <RecruitmentPage />
              </RequirePermission>
            }
          />
          <Route path="talent" element={<Navigate to="/talent/applications" replace />} />
          <Route
            path="me/applications"
            element={
              <RequirePermission permission="self:service">
                <MyApplicationsPage />
              </RequirePermission>
            }
          />
          <Route
            path="me/applications/:id"
            element={
              <RequirePermission permission="self:service">
                <MyApplicationPage />
              </RequirePermission>
            }
          />
          <Route
            path="talent/applications"
            element={
              <RequirePermission permission="review:talent">
                <TalentApplicationsPage />
              </RequirePermission>
            }
          />
          <Route
            path="talent/applications/:id"
            element={
              <RequirePermission permission="review:talent">
                <TalentApplicationDetailPage />
              </RequirePermission>
            }
          />
          <Route
            path="talent/programmes"
            element={
              <RequirePermission permission="manage:talent">
                <TalentProgrammesPage />
              </RequirePermission>
            }
          />
          <Route
            path="talent/payments"
            element={
              <RequirePermission permission="manage:talent">
                <TalentPaymentsPage />
              </RequirePermission>
            }
          />
          <Route
            path="audit"
            element={
              <RequirePermission permission="read:audit">
                <AuditPage />
              </RequirePermission>
            }
          />
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Suspense>
  );
}
