/** Flotilla: a runtime and gateway for flagship-led multi-model agent systems. */
@NullMarked
package dev.flotilla;

import org.jspecify.annotations.NullMarked;
