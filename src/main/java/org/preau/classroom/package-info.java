/**
 * Classroom: the live class ("classe virtuelle"). A room per timetable lesson of a class or group, and ad hoc rooms;
 * the teacher opens and closes it; enrolled pupils, the class's teachers and the school's staff join from
 * "Aujourd'hui" (through homework's {@link org.preau.homework.LiveLessons}, which this module implements), parents
 * never. Over one plain WebSocket per connection: presence, chat, raised hands, polls, a shared whiteboard and
 * attendance, all folded from one event log per room whose sequence numbers let a client resume without loss or
 * duplicate on any node; nodes tell each other through the platform's {@link org.preau.platform.ClusterBus}. Audio
 * and video stay on the school's BigBlueButton or Jitsi server, reached through signed links. Rights are the
 * directory's, asked in the service for every page and handshake; a connection keeps its handshake's answer for its
 * actions, asked again when the school's directory changes (ADR 0072).
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /classe}, {@code /classe/**}
 *   <li>Events published: {@link org.preau.notifications.NotificationRequested} (a room opening, to its pupils)
 *   <li>Events consumed: {@link org.preau.directory.DirectoryChanged} (connections' rights asked again)
 *   <li>Templates: {@code jte/classroom/}
 *   <li>Bundle: {@code i18n/classroom.properties}
 *   <li>Assets: {@code /assets/classroom/}
 *   <li>Migrations: {@code db/migration/classroom}, {@code V8_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Classroom")
package org.preau.classroom;
