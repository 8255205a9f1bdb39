/**
 * What a web module declares (its manifest): its strings, its pages and their menu entries, and
 * optional cards for the home page. The app shell reads manifests from registry.tsx and never
 * hard-codes a module.
 */
import type { ComponentType, ReactNode } from 'react';
import type { ModuleMessages } from '../shared/i18n.tsx';

export interface PageEntry {
  /** Route path inside the signed-in layout, e.g. `/orgs/:id`. */
  path: string;
  /** The page element; use `lazy()` so each module ships in its own chunk. */
  element: ReactNode;
  /** Permissions of which the user needs at least one (from `GET /auth/me`); omitted: any signed-in user. */
  permission?: string | readonly string[];
  /** The page shows personal data: it carries the viewer's watermark (app/Watermark.tsx). */
  personalData?: boolean;
  /**
   * How the page looks in the side menu (icon, label in the chosen language). Whether and where it
   * appears comes from the server: the person's `navigation` (`GET /auth/me`), built from the
   * menu entries of the server module's manifest, matched to this page by path.
   */
  menu?: {
    key: string;
    icon: ReactNode;
    /** i18n key, e.g. `audit.menu`. */
    labelKey: string;
  };
}

export interface HomeCard {
  key: string;
  /** Shown only when the user holds at least one of these permissions. */
  permission?: string | readonly string[];
  /** Wider cards (the cockpit) take the full row. */
  wide?: boolean;
  /** Smaller first. */
  order: number;
  component: ComponentType;
}

export interface WebModule {
  /** Same name as the server module (`orgs`, `members`, `org-life` …); also the i18n namespace. */
  name: string;
  messages: ModuleMessages;
  pages: readonly PageEntry[];
  homeCards?: readonly HomeCard[];
  /** Buttons in the header, before the language switch (the to-do bell); shown to every signed-in person. */
  headerItems?: readonly { key: string; component: ComponentType }[];
  /** A panel under the side menu (the organization tree); shown to users holding `permission`. */
  sidePanel?: {
    permission?: string | readonly string[];
    component: ComponentType<{ onNavigate?: () => void }>;
  };
}

export function defineWebModule(module: WebModule): WebModule {
  return module;
}
