/**
 * Offline alert triage, deterministic: the topic by keywords, and noise by rules: test alerts and
 * always-firing watchdogs, the admins' known noise patterns, flapping, and `info` severity.
 * Everything else is actionable. (A critical alert is paged whatever triage says: domain rules.)
 */
import type { Topic } from '../../../domain/alerts/event.js';
import type { Triage, TriageFacts } from '../../../domain/alerts/triage.js';

const TOPIC_WORDS: [Topic, RegExp][] = [
  ['security', /\b(security|intrusion|breach|malware|unauthori[sz]ed|brute.?force|waf|ddos|cve-\d+|certificate|tls|ssl|login failures?)\b/i],
  ['payments', /\b(payments?|checkout|stripe|card|billing|charge(back)?s?|refunds?|psp|adyen|paypal|invoice)\b/i],
  ['database', /\b(database|db|postgres(ql)?|mysql|mariadb|sql|replication|replica|mongo(db)?|redis|deadlocks?|query latency|connection pool)\b/i],
  ['network', /\b(network|dns|packet loss|latency|bgp|load.?balancer|ingress|tcp|vpn|unreachable|timeout connecting|cdn)\b/i],
  ['capacity', /\b(disk|cpu|memory|oom|out of memory|quota|capacity|storage|inodes?|throttl\w*|saturat\w*|full)\b/i],
];

const TEST_ALERT = /(^|\W)(test(ing)?|synthetic|dry.?run)(\W|$)|^watchdog$|infoinhibitor/i;

/** The topic an alert's words point to. */
export function topicOf(facts: Pick<TriageFacts, 'summary' | 'labels' | 'annotations'>): Topic {
  // What the alert says first (its summary and name), then what else it carries (host names...).
  const texts = [
    [facts.summary, facts.labels.alertname ?? ''].join('\n'),
    [...Object.entries(facts.labels).map(([k, v]) => `${k} ${v}`), ...Object.values(facts.annotations)].join('\n'),
  ];
  for (const text of texts) {
    const topic = TOPIC_WORDS.find(([, words]) => words.test(text))?.[0];
    if (topic) return topic;
  }
  return 'application';
}

/** Triage an alert offline. */
export function triageOffline(facts: TriageFacts): Triage {
  const topic = topicOf(facts);
  const alertname = facts.labels.alertname ?? '';
  if (TEST_ALERT.test(alertname) || /^\s*\[?test\b/i.test(facts.summary) || facts.labels.test === 'true') {
    return { topic, noise: true, reason: `A test or watchdog alert (${alertname || facts.summary}): nobody needs to act.`, confidence: 0.95 };
  }
  if (facts.matchedPatterns.length > 0) {
    return { topic, noise: true, reason: `Matches known noise: ${facts.matchedPatterns.join(', ')}.`, confidence: 0.9 };
  }
  if (facts.recentIncidents >= facts.flapping.count) {
    return {
      topic,
      noise: true,
      reason: `Flapping: ${facts.recentIncidents} incidents of this alert within ${facts.flapping.windowMinutes} minutes (${facts.flapping.count} or more is flapping).`,
      confidence: 0.85,
    };
  }
  if (facts.severity === 'info') {
    return { topic, noise: true, reason: 'Info severity: recorded, nobody is paged.', confidence: 0.8 };
  }
  return { topic, noise: false, reason: `A ${facts.severity} ${topic} alert from ${facts.source}: someone should look.`, confidence: 0.7 };
}
