import * as createPoints from './20261122T020100_points_create-points.ts';
import * as entrySubject from './20261207T141010_points_entry-subject.ts';

export const migrations = {
  '20261122T020100_points_create-points': createPoints,
  '20261207T141010_points_entry-subject': entrySubject,
};
