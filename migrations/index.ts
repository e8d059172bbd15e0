import { InitialSchema1763900000000 } from "./1763900000000-initial-schema";
import { TimeLimitsAndReminders1764000000000 } from "./1764000000000-time-limits-and-reminders";
import { AppendOnlyTimeline1764100000000 } from "./1764100000000-append-only-timeline";
import { LedgerAndSignIn1764200000000 } from "./1764200000000-ledger-and-sign-in";
import { MonthStatistics1764300000000 } from "./1764300000000-month-statistics";
import { OutboxDeadLetters1764400000000 } from "./1764400000000-outbox-dead-letters";
import { WebChatHistory1764500000000 } from "./1764500000000-web-chat-history";
import { SessionsAndLimits1764600000000 } from "./1764600000000-sessions-and-limits";
import { InstancesAndLeases1764700000000 } from "./1764700000000-instances-and-leases";
import { RepeatsAndMerges1764800000000 } from "./1764800000000-repeats-and-merges";
import { FinalCaseStats1764900000000 } from "./1764900000000-final-case-stats";
import { OutboxClaimsWithoutDeadWalks1764910000000 } from "./1764910000000-outbox-claims-without-dead-walks";
import { WebPhotosAndPlaces1764930000000 } from "./1764930000000-web-photos-and-places";
import { SentWebPhotos1764940000000 } from "./1764940000000-sent-web-photos";
import { ReportsAboutDepartments1764960000000 } from "./1764960000000-reports-about-departments";
import { WrittenNotices1764970000000 } from "./1764970000000-written-notices";

/** In order. The schema changes only here. */
export const migrations = [
  InitialSchema1763900000000,
  TimeLimitsAndReminders1764000000000,
  AppendOnlyTimeline1764100000000,
  LedgerAndSignIn1764200000000,
  MonthStatistics1764300000000,
  OutboxDeadLetters1764400000000,
  WebChatHistory1764500000000,
  SessionsAndLimits1764600000000,
  InstancesAndLeases1764700000000,
  RepeatsAndMerges1764800000000,
  FinalCaseStats1764900000000,
  OutboxClaimsWithoutDeadWalks1764910000000,
  WebPhotosAndPlaces1764930000000,
  SentWebPhotos1764940000000,
  ReportsAboutDepartments1764960000000,
  WrittenNotices1764970000000,
];
