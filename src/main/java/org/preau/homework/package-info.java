/**
 * Homework: the cahier de textes (lessons and work to do), hand-ins and feedback, and the "Aujourd'hui" page every
 * pupil opens first.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Homework")
package org.preau.homework;
