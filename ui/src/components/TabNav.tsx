// Sub-pages of one area (Settings: shop / email; Newsletters: campaigns /
// lists / blocked addresses), as links so each has its own address. A group,
// not a <nav>: the sidebar stays the page's one navigation landmark.
import { href } from "../app/router";

export type Tab = { path: string; label: string; testId: string; current: boolean };

export function TabNav({ tabs, label }: { tabs: Tab[]; label: string }) {
  return (
    <div className="tabs" role="group" aria-label={label}>
      {tabs.map((tab) => (
        <a
          key={tab.path}
          href={href(tab.path)}
          className="tab"
          data-testid={tab.testId}
          aria-current={tab.current ? "page" : undefined}
        >
          {tab.label}
        </a>
      ))}
    </div>
  );
}
