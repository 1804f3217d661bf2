/** Pictures of training runs and models, written as PNG files (XChart). */
package io.liquid4j.plot;
